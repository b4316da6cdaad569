// "Claude: Sign in remotely": picks the flows this window supports, runs the first that can work under a
// cancellable progress notification, and tells the user the outcome. Nothing on disk changes unless it succeeds.
import * as vscode from 'vscode';
import type * as Engine from '../engine';
import type { OAuthEndpoints } from '../oauth/endpoints';
import type { HttpOptions } from '../oauth/http';
import type { ClaudeLocation } from '../credentials/location';
import type { KeptAside } from '../credentials/store';
import { describeError, type Log } from '../logging/log';
import { OAuthError } from '../oauth/errors';
import { describeFailure } from '../ui/messages';
import { renderCallbackPage } from '../ui/callbackPages';
import type { SignedIn } from './attempt';
import { CallbackError, NoUsableRedirectError, SignInCancelledError } from './errors';
import { loopbackFlow } from './flows/loopback';
import { pasteFlow } from './flows/paste';
import type { SignInFlow, TokenRequest } from './flows/types';

export type SignInMethod = 'auto' | 'browser' | 'code';

export interface SignInDependencies {
  readonly engine: typeof Engine;
  readonly endpoints: OAuthEndpoints;
  readonly location: ClaudeLocation;
  readonly log: Log;
  readonly http: HttpOptions;
}

export interface SignInOptions {
  readonly method: SignInMethod;
  readonly request?: TokenRequest;
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
          const context = { ...deps, request: options.request ?? {}, progress, signal: abort.signal };
          for (const flow of flowsFor(options.method)) {
            const prepared = await flow.prepare(context);
            if (!prepared) {
              log.info(`The ${flow.id} flow cannot work in this window; trying the next one.`);
              continue;
            }
            try {
              return await prepared.run();
            } finally {
              await prepared.dispose();
            }
          }
          throw new Error('No sign-in flow can work in this window.');
        } finally {
          subscription.dispose();
        }
      },
    );
    log.info('Sign-in finished.');
    if (signedIn.keptAside) {
      void vscode.window.showWarningMessage(describeKeptAside(signedIn.credentialsFile, signedIn.keptAside));
    }
    const who = signedIn.profile?.email ?? vscode.l10n.t('your Claude account');
    const plan = signedIn.login.subscriptionType ? ` (${signedIn.login.subscriptionType})` : '';
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Signed in to Claude Code as {0}{1}. `claude` on this machine is ready.', who, plan),
    );
    return signedIn;
  } catch (error) {
    reportFailure(error, log);
    return undefined;
  }
}

/** What a write replaced because it could not use it, and where the old bytes are. Also for a container's write. */
export function describeKeptAside(credentialsFile: string, keptAside: KeptAside): string {
  switch (keptAside.problem.kind) {
    case 'not_json':
      return vscode.l10n.t('The old credentials file was not valid JSON. It was kept at {0}; a new one was written.', keptAside.path);
    case 'not_object':
      return vscode.l10n.t('The old credentials file was not a JSON object. It was kept at {0}; a new one was written.', keptAside.path);
    case 'unrecognised_login':
      return vscode.l10n.t(
        'The login entry in {0} had a form this extension does not recognise; it was kept at {1} and replaced. Other entries were kept.',
        credentialsFile,
        keptAside.path,
      );
  }
}

function reportFailure(error: unknown, log: Log): void {
  if ((error instanceof CallbackError && error.reason === 'cancelled') || error instanceof SignInCancelledError || (error instanceof OAuthError && error.kind === 'cancelled')) {
    log.info('Sign-in cancelled; nothing was changed.');
    return;
  }
  log.error(`Sign-in failed: ${describeError(error)}`);
  const message =
    error instanceof NoUsableRedirectError
      ? vscode.l10n.t(
          'This window cannot forward a localhost address to your browser ({0}), which the browser sign-in needs. Set "claudeRemoteSignIn.signInMethod" to "auto" or "code" to sign in with a code.',
          error.externalAddress,
        )
      : describeFailure(error);
  const showLog = vscode.l10n.t('Show Log');
  void vscode.window.showErrorMessage(message, showLog).then((choice) => {
    if (choice === showLog) {
      void vscode.commands.executeCommand('claudeRemoteSignIn.showLog');
    }
  });
}
