// "Claude: Sign in remotely": picks the flows this window supports, runs the first that can work under a
// cancellable progress notification, and tells the user the outcome. Nothing on disk changes unless it succeeds.
import * as vscode from 'vscode';
import { runCommand } from '../commands';
import type * as Engine from '../../engine';
import type { OAuthEndpoints } from '../../oauth/endpoints';
import type { HttpOptions } from '../../engine/transport/http';
import type { CredentialStore } from '../../credentials/credentialStore';
import type { ClaudeLocation } from '../../credentials/location';
import { describeError, type Log } from '../../logging/log';
import { describeFailure, nextStepLabel, nextSteps } from '../words/failures';
import { describeKeptAside } from '../words/loginStates';
import { renderCallbackPage } from './callbackPages';
import type { SignedIn } from '../../engine/signIn/attempt';
import { planOf } from '../../login/subscription';
import { CallbackError, isCancellation } from '../../oauth/signInErrors';
import { untrusted } from '../../logging/untrustedText';
import { loopbackFlow } from './flows/loopback';
import { pasteFlow } from './flows/paste';
import type { PasteInstead, SignInFlow, TokenRequest } from './flows/types';

export type SignInMethod = 'auto' | 'browser' | 'code';

export interface SignInDependencies {
  readonly engine: typeof Engine;
  readonly endpoints: OAuthEndpoints;
  readonly location: ClaudeLocation;
  /** Where the login is written (the engine opens the store this machine's Claude Code reads). */
  readonly store: CredentialStore;
  readonly log: Log;
  readonly http: HttpOptions;
}

export interface SignInOptions {
  readonly method: SignInMethod;
  readonly request?: TokenRequest;
  /** Starts this sign-in over (the "Retry", "Sign In Again" and "Paste a Code Instead" buttons of its messages). */
  readonly retry?: (method: SignInMethod) => void;
}

/** Set while a sign-in runs: the "Paste a Code Instead" link of the waiting notification calls it. */
let switchToPaste: (() => void) | undefined;

/** "Paste a Code Instead": the browser sign-in waiting now continues as the paste flow (no-op otherwise). */
export function pasteCodeInstead(): void {
  switchToPaste?.();
}

/** The flows to try, in order, for a sign-in method. */
export function flowsFor(method: SignInMethod): SignInFlow[] {
  const browser = loopbackFlow({ required: method === 'browser', renderPage: renderCallbackPage });
  switch (method) {
    case 'browser':
      return [browser];
    case 'code':
      return [pasteFlow()];
    case 'auto':
      return [browser, pasteFlow()];
  }
}

/** Runs a sign-in. Resolves with the result, or undefined when it failed or was cancelled (the user was told). */
export async function signInRemotely(deps: SignInDependencies, options: SignInOptions): Promise<SignedIn | undefined> {
  const { log } = deps;
  log.info(`Sign-in started (method: ${options.method}).`);
  try {
    const signedIn = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Signing in to Claude Code'),
        cancellable: true,
      },
      async (progress, token) => {
        const abort = new AbortController();
        const subscription = token.onCancellationRequested(() => abort.abort());
        try {
          const pasteInstead = new Promise<PasteInstead>((resolve) => (switchToPaste = () => resolve('paste_instead')));
          const context = { ...deps, request: options.request ?? {}, progress, signal: abort.signal, pasteInstead };
          let flows = flowsFor(options.method);
          for (let flow = flows.shift(); flow; flow = flows.shift()) {
            const prepared = await flow.prepare(context);
            if (!prepared) {
              log.info(`The ${flow.id} flow cannot work in this window; trying the next one.`);
              continue;
            }
            let result;
            try {
              result = await prepared.run();
            } finally {
              await prepared.dispose();
            }
            if (result !== 'paste_instead') return result;
            flows = [pasteFlow()];
          }
          throw new Error('No sign-in flow can work in this window.');
        } finally {
          switchToPaste = undefined;
          subscription.dispose();
        }
      },
    );
    log.info('Sign-in finished.');
    if (signedIn.keptAside) {
      void vscode.window.showWarningMessage(describeKeptAside(signedIn.credentialsFile, signedIn.keptAside));
    }
    void vscode.window.showInformationMessage(describeSignedIn(signedIn, options.request?.expiresInSeconds !== undefined));
    return signedIn;
  } catch (error) {
    reportFailure(error, log, options);
    return undefined;
  }
}

/** "Signed in as dev@example.com (Claude Max)": who, on which plan, and what it means here. */
function describeSignedIn(signedIn: SignedIn, containerToken: boolean): string {
  const { email } = signedIn;
  if (containerToken) {
    return email
      ? vscode.l10n.t('Signed in as {0} with the container token. Claude Code here is ready, and new containers will sign in by themselves.', untrusted(email))
      : vscode.l10n.t('Signed in with the container token. Claude Code here is ready, and new containers will sign in by themselves.');
  }
  const plan = planOf(signedIn.login.subscriptionType, signedIn.login.rateLimitTier)?.name;
  if (email && plan) return vscode.l10n.t('Signed in as {0} ({1}). Claude Code on this machine is ready.', untrusted(email), plan);
  if (email) return vscode.l10n.t('Signed in as {0}. Claude Code on this machine is ready.', untrusted(email));
  return vscode.l10n.t('Signed in. Claude Code on this machine is ready.');
}

function reportFailure(error: unknown, log: Log, options: SignInOptions): void {
  if (isCancellation(error)) {
    log.info('Sign-in cancelled; nothing was changed.');
    return;
  }
  if (error instanceof CallbackError && error.reason === 'authorization_denied' && (error.oauthError ?? 'access_denied') === 'access_denied') {
    // A choice the user made, not a failure: no red, and the way back is one click.
    log.info('Sign-in declined in the browser; nothing was changed.');
    const again = vscode.l10n.t('Sign In Again');
    void vscode.window.showInformationMessage(describeFailure(error), again).then((choice) => {
      if (choice === again) options.retry?.(options.method);
    });
    return;
  }
  log.error(`Sign-in failed: ${describeError(error)}`);
  const steps = nextSteps(error).filter((step) => options.retry || (step !== 'retry' && step !== 'paste_instead'));
  void vscode.window.showErrorMessage(describeFailure(error), ...steps.map(nextStepLabel)).then((choice) => {
    switch (steps.find((step) => nextStepLabel(step) === choice)) {
      case 'retry':
        return options.retry?.(options.method);
      case 'paste_instead':
        return options.retry?.('code');
      case 'diagnose':
        return runCommand('diagnose');
      case 'show_log':
        return runCommand('showLog');
    }
  });
}
