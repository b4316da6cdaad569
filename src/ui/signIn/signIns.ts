// Signing this machine in and out: "Claude: Sign in remotely" (and its container-token and other-account variants),
// "Claude: Sign out". One sign-in at a time; a custom OAuth server is approved first; the organization this machine's
// managed settings pin is named, or the sign-in does not start. Whoever acts on the outcome (the machine list, the
// container token, the refresher) listens to `onDidSignIn` / `onDidSignOut`.
import * as vscode from 'vscode';
import type { AuthorizeOptions } from '../../oauth/authorize';
import type { OAuthEndpoints } from '../../oauth/endpoints';
import type { ClaudeLocation } from '../../credentials/location';
import { describeError, type Log } from '../../logging/log';
import { untrusted } from '../../logging/untrustedText';
import { CONTAINER_TOKEN_REQUEST } from '../../machines/containerToken';
import { AwaitedEvent } from '../awaitedEvent';
import { setContext } from '../commands';
import { locationUsable } from '../configDir';
import type { Engine } from '../engineAccess';
import { engineSession } from '../network';
import { readSettings } from '../settings';
import type { LoginModel } from '../status/loginModel';
import { describeFailure } from '../words/failures';
import { describeKeptAsideOnSignOut } from '../words/loginStates';
import { authorizeUnderPins, loginPinsHere, organizationNotAllowed } from './accountSignIn';
import type { CustomServerApproval } from './customServerApproval';
import { signInRemotely, type SignInDependencies, type SignInMethod } from './signInRemotely';

/** What a sign-in asks for: a full login (its own refresh chain), or the long-lived container token. */
export type LoginKind = 'full' | 'container-token';

export interface SignedInHere {
  readonly signedIn: Engine.SignedIn;
  readonly kind: LoginKind;
}

export class SignIns implements vscode.Disposable {
  private signingIn: Promise<Engine.SignedIn | undefined> | undefined;
  private readonly signedIn = new AwaitedEvent<SignedInHere>();
  private readonly signedOut = new AwaitedEvent<void>();
  /** After a successful sign-in here, before the login is re-read. */
  readonly onDidSignIn = this.signedIn.event;
  /** After a sign-out here that the user asked for, before the login is re-read. */
  readonly onDidSignOut = this.signedOut.event;

  constructor(
    private readonly log: Log,
    private readonly location: ClaudeLocation,
    private readonly endpoints: OAuthEndpoints,
    private readonly loadEngine: () => typeof Engine,
    private readonly approval: CustomServerApproval,
    private readonly model: LoginModel,
  ) {}

  /**
   * Runs a browser sign-in for this machine. `kind: 'container-token'` asks for the long-lived, inference-only
   * token instead (see machines/containerToken.ts). One sign-in at a time.
   */
  signIn(kind: LoginKind = 'full', method: SignInMethod = readSettings().signInMethod, account?: AuthorizeOptions): Promise<Engine.SignedIn | undefined> {
    if (this.signingIn) {
      return this.signingIn;
    }
    if (!locationUsable(this.location)) {
      return Promise.resolve(undefined);
    }
    this.signingIn = (async () => {
      if (!(await this.approval.ensureApproved())) {
        return undefined;
      }
      // Every sign-in names the organization this machine's managed settings pin, or does not start at all.
      const pins = await loginPinsHere();
      const authorize = authorizeUnderPins(pins, account, this.log);
      if (!authorize) {
        return undefined;
      }
      let dependencies: SignInDependencies;
      try {
        dependencies = engineSession(this.loadEngine(), this.endpoints, this.location, this.log);
      } catch (error) {
        // An unusable proxy setting, named in the message.
        this.log.error(`Sign-in cannot start: ${describeError(error)}`);
        void vscode.window.showErrorMessage(describeFailure(error));
        return undefined;
      }
      const signedIn = await signInRemotely(dependencies, {
        method,
        request: { ...(kind === 'container-token' ? CONTAINER_TOKEN_REQUEST : {}), authorize },
        retry: (again) => void this.signIn(kind, again, account),
      });
      const refusedOrganization = signedIn && organizationNotAllowed(pins, signedIn.login.organizationUuid ?? signedIn.profile?.organizationUuid);
      if (refusedOrganization) {
        this.offerSignIn(refusedOrganization);
      }
      if (signedIn) {
        await this.signedIn.fire({ signedIn, kind });
        if (kind === 'container-token') {
          // Completes the walkthrough's container step (package.json).
          setContext('containerTokenKept', true);
        }
      }
      await this.model.reload();
      return signedIn;
    })().finally(() => (this.signingIn = undefined));
    return this.signingIn;
  }

  /** Removes this machine's Claude.ai login from the credentials file, keeping every other key. */
  async signOut(options: { confirm: boolean }): Promise<boolean> {
    if (!locationUsable(this.location)) return false;
    if (options.confirm) {
      const signOut = vscode.l10n.t('Sign Out');
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t('Sign Claude Code out on this machine? MCP tokens and other entries in {0} are kept.', untrusted(this.location.credentialsFile)),
        { modal: true },
        signOut,
      );
      if (choice !== signOut) {
        return false;
      }
    }
    const result = await this.loadEngine().openCredentialStore(this.location).removeLogin();
    this.log.info(result.removed ? `Signed out: removed the login from ${result.path}.` : `Sign-out: nothing to remove (${result.reason}).`);
    if (result.removed && result.keptAside) {
      void vscode.window.showInformationMessage(describeKeptAsideOnSignOut(result.path, result.keptAside));
    }
    await this.signedOut.fire();
    await this.model.reload();
    return result.removed;
  }

  /**
   * A warning with one way forward, "Sign In", and returns at once. A notification may never be answered (it hides
   * itself, and the user signs in another way): a refresh or sign-in that waited for it would stay "in progress" for good.
   */
  offerSignIn(message: string): void {
    const signIn = vscode.l10n.t('Sign In');
    void vscode.window.showWarningMessage(message, signIn).then((choice) => {
      if (choice === signIn) this.signInFromOffer();
    });
  }

  /** A sign-in started from a notification's button: nobody awaits it, so a failure is logged here. */
  signInFromOffer(kind?: LoginKind): void {
    this.signIn(kind).catch((error) => this.log.error(`Sign-in failed: ${describeError(error)}`));
  }

  dispose(): void {
    this.signedIn.dispose();
    this.signedOut.dispose();
  }
}
