// Ties the login on disk to what the user sees and can do: the status bar, its click, the refresh command and
// the automatic refresh before expiry. A refresh never runs twice at once here; the CLI's locks cover other
// windows and processes.
import * as vscode from 'vscode';
import { untrusted } from './untrustedText';
import type * as Engine from '../engine';
import type { OAuthEndpoints } from '../oauth/endpoints';
import type { ClaudeLocation } from '../credentials/location';
import { filesWithApiKeyHelper, settingsFiles } from '../credentials/claudeSettings';
import { chooseCredentialStore } from '../credentials/credentialStore';
import { isLongLivedLogin } from '../credentials/loginRecord';
import { credentialInUse, type CredentialInUse } from '../credentials/whichCredential';
import { describeError, type Log } from '../logging/log';
import { OAuthError } from '../oauth/errors';
import { LoginMonitor, type LoginSnapshot } from '../status/loginMonitor';
import { loginStatus, msUntilNextTick, type LoginStatus } from '../status/loginStatus';
import { LoginStatusBar, relativeConfigDirMessage } from '../status/statusBar';
import { CONTAINER_TOKEN_REQUEST } from '../machines/containerToken';
import { AUTO_REFRESH_LEAD_MS, planRefresh, retryDelayMs } from '../refresh/refreshPlan';
import type { AuthorizeOptions } from '../oauth/authorize';
import { authorizeUnderPins, loginPinsHere, organizationNotAllowed } from './accountSignIn';
import type { CustomServerApproval } from './customServer';
import { showDiagnosis } from './diagnoseReport';
import { formatDate } from './formatTime';
import { describeFailure, nextStepLabel, nextSteps } from './messages';
import { networkFor } from './network';
import { readSettings } from './settings';
import { signInRemotely, type SignInDependencies, type SignInMethod } from '../signin/signInRemotely';

/** What a sign-in asks for: a full login (its own refresh chain), or the long-lived container token. */
export type LoginKind = 'full' | 'container-token';

export type RefreshTrigger = 'click' | 'auto';

/** How often the Keychain item is re-read on macOS. */
const KEYCHAIN_POLL_MS = 30_000;

export class LoginController implements vscode.Disposable {
  private readonly bar: LoginStatusBar;
  private readonly monitor: LoginMonitor;
  private status: LoginStatus = { kind: 'signed_out' };
  private tickTimer: NodeJS.Timeout | undefined;
  private autoTimer: NodeJS.Timeout | undefined;
  // While either is set, clicks join it instead of starting anew: neither may wait on a notification (see offerSignIn).
  // A modal the user must answer (the custom-server approval) and the sign-in's own input box are the exceptions.
  private refreshing: Promise<void> | undefined;
  private signingIn: Promise<Engine.SignedIn | undefined> | undefined;
  /** The refresh token the server refused; cleared as soon as the file holds another one. */
  private refusedRefreshToken: string | undefined;
  private lastRefreshProblem: string | undefined;
  /** Refreshes that failed for a passing reason, in a row (the planner backs off from the last one). */
  private failure: { attempts: number; at: number; retryAfterMs?: number } | undefined;
  /** When this window last started an automatic refresh: the planner keeps them at least a minute apart. */
  private lastAutoRefreshAt: number | undefined;
  private signedInContext: boolean | undefined;
  /** What Claude Code here authenticates with, when that is not the login on disk (an environment variable, …). */
  private inUse: CredentialInUse = { kind: 'login' };

  private readonly changed = new vscode.EventEmitter<LoginSnapshot>();
  /** Fires whenever the login on disk has been re-read. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly log: Log,
    private readonly location: ClaudeLocation,
    private readonly endpoints: OAuthEndpoints,
    private readonly loadEngine: () => typeof Engine,
    private readonly approval: CustomServerApproval,
    private readonly hooks: {
      signedIn?: (signedIn: Engine.SignedIn, kind: LoginKind) => Promise<void>;
      signedOut?: () => Promise<void>;
    } = {},
  ) {
    this.bar = new LoginStatusBar(location, endpoints);
    // On macOS the login lives in the Keychain (credentials/credentialStore.ts): read it through the engine, and poll,
    // since no file event tells when Claude Code rewrites the item.
    const keychain = chooseCredentialStore(process.platform).kind === 'keychain';
    this.monitor = new LoginMonitor(location, (snapshot) => this.onSnapshot(snapshot), keychain ? {
      read: async () => (await this.loadEngine().openCredentialStore(location).read()).result,
      pollMs: KEYCHAIN_POLL_MS,
    } : {});
  }

  start(): Promise<void> {
    if (this.location.configDirIsRelative) {
      // No one place to read or write (see ClaudeLocation): say so, and touch nothing.
      this.log.warn(`CLAUDE_CONFIG_DIR is relative ("${this.location.configDir}"); not reading or writing any Claude file.`);
      this.render();
      return Promise.resolve();
    }
    return this.monitor.start();
  }

  /** False (and the user told why) when this machine's Claude folder cannot be used. */
  private locationUsable(): boolean {
    if (!this.location.configDirIsRelative) return true;
    void vscode.window.showErrorMessage(relativeConfigDirMessage(this.location.configDir));
    return false;
  }

  /** The status bar's click: refresh when that can help, sign in otherwise. */
  async click(): Promise<void> {
    if (!this.locationUsable()) return;
    const status = this.status;
    if (status.kind === 'signed_in' && status.canRefresh && !status.deadlinePassed && !this.refusedRefreshToken) {
      return this.refresh('click');
    }
    if (status.kind === 'signed_in' && isLongLivedLogin(status.login) && status.accessExpiresAt !== undefined && !status.accessExpired) {
      this.explainContainerToken(status.accessExpiresAt);
      return;
    }
    await this.signIn();
  }

  /** A healthy container token needs nothing: say what it is, and offer a full sign-in only as a choice. */
  private explainContainerToken(expiresAt: number): void {
    const fullSignIn = vscode.l10n.t('Full Sign-In for This Machine');
    const keep = vscode.l10n.t('Keep the Container Token');
    void vscode.window
      .showInformationMessage(
        vscode.l10n.t('This machine uses the container token: a long-lived, inference-only sign-in, valid until {0}. It needs no refresh.', formatDate(expiresAt)),
        fullSignIn,
        keep,
      )
      .then((choice) => {
        if (choice === fullSignIn) this.signInFromOffer('full');
      });
  }

  /**
   * Runs a browser sign-in for this machine. `kind: 'container-token'` asks for the long-lived, inference-only
   * token instead (see machines/containerToken.ts). One sign-in at a time.
   */
  signIn(kind: LoginKind = 'full', method: SignInMethod = readSettings().signInMethod, account?: AuthorizeOptions): Promise<Engine.SignedIn | undefined> {
    if (this.signingIn) {
      return this.signingIn;
    }
    if (!this.locationUsable()) {
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
      let dependencies;
      try {
        dependencies = this.dependencies();
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
        this.refusedRefreshToken = undefined;
        this.lastRefreshProblem = undefined;
        this.failure = undefined;
        await this.hooks.signedIn?.(signedIn, kind);
        if (kind === 'container-token') {
          // Completes the walkthrough's container step (package.json).
          void vscode.commands.executeCommand('setContext', 'claudeRemoteSignIn.containerTokenKept', true);
        }
      }
      await this.monitor.reload();
      return signedIn;
    })().finally(() => (this.signingIn = undefined));
    return this.signingIn;
  }

  /** Removes this machine's Claude.ai login from the credentials file, keeping every other key. */
  async signOut(options: { confirm: boolean }): Promise<boolean> {
    if (!this.locationUsable()) return false;
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
      void vscode.window.showInformationMessage(
        vscode.l10n.t('The login entry in {0} had a form this extension does not recognise; a copy was kept at {1} before it was removed.', untrusted(result.path), untrusted(result.keptAside.path)),
      );
    }
    await this.hooks.signedOut?.();
    await this.monitor.reload();
    return result.removed;
  }

  /** The login on disk as last read. */
  get snapshotNow(): LoginSnapshot {
    return this.monitor.snapshot;
  }

  /** Re-reads the files now (e.g. after someone else wrote them). */
  reload(): Promise<void> {
    return this.monitor.reload();
  }

  /** Renews the access token. A click always renews; auto only when expiry is near. One at a time. */
  refresh(trigger: RefreshTrigger): Promise<void> {
    if (trigger === 'click' && !this.locationUsable()) {
      return Promise.resolve();
    }
    if (this.refreshing) {
      return this.refreshing;
    }
    if (trigger === 'auto') this.lastAutoRefreshAt = Date.now();
    this.refreshing = this.runRefresh(trigger).finally(() => {
      this.refreshing = undefined;
      this.render();
    });
    this.render();
    return this.refreshing;
  }

  private async runRefresh(trigger: RefreshTrigger): Promise<void> {
    // A refresh token goes only to a server the user approved; an automatic refresh never asks.
    if (trigger === 'auto' ? !this.approval.isApproved() : !(await this.approval.ensureApproved())) {
      this.log.info(`Refresh (${trigger}) skipped: the custom OAuth server is not approved.`);
      return;
    }
    const seen = this.status.kind === 'signed_in' ? this.status.login.refreshToken ?? undefined : undefined;
    let outcome: Engine.RefreshOutcome;
    try {
      outcome = await this.loadEngine().refreshLogin({
        ...this.dependencies(),
        seenRefreshToken: seen,
        renewWithinMs: trigger === 'auto' ? AUTO_REFRESH_LEAD_MS + 60_000 : undefined,
      });
    } catch (error) {
      const attempts = (this.failure?.attempts ?? 0) + 1;
      this.failure = { attempts, at: Date.now(), retryAfterMs: error instanceof OAuthError ? error.details.retryAfterMs : undefined };
      this.lastRefreshProblem = describeFailure(error);
      this.log.warn(`Refresh failed (${trigger}, attempt ${attempts}): ${describeError(error)}`);
      if (readSettings().autoRefresh) {
        this.log.info(`Will retry the refresh in ${Math.round(retryDelayMs(attempts, this.failure.retryAfterMs) / 1000)} s.`);
      }
      if (trigger === 'click') {
        const steps = nextSteps(error).filter((step) => step !== 'paste_instead');
        void vscode.window.showErrorMessage(this.lastRefreshProblem, ...steps.map(nextStepLabel)).then((choice) => {
          const step = steps.find((candidate) => nextStepLabel(candidate) === choice);
          if (step === 'retry') void this.refresh('click');
          if (step === 'diagnose') void this.diagnose();
          if (step === 'show_log') void vscode.commands.executeCommand('claudeRemoteSignIn.showLog');
        });
      }
      return;
    }
    this.log.info(`Refresh (${trigger}): ${outcome.kind}.`);
    this.lastRefreshProblem = undefined;
    this.failure = undefined;
    await this.monitor.reload();
    switch (outcome.kind) {
      case 'refreshed':
      case 'adopted':
      case 'still_fresh':
        if (trigger === 'click') {
          void vscode.window.setStatusBarMessage(vscode.l10n.t('$(pass) Claude sign-in refreshed'), 4000);
          // Completes the walkthrough's "refresh" step (package.json), once it really happened.
          void vscode.commands.executeCommand('setContext', 'claudeRemoteSignIn.refreshed', true);
        }
        return;
      case 'sign_in_again':
        this.refusedRefreshToken = outcome.refusedRefreshToken;
        this.render();
        this.offerSignIn(vscode.l10n.t('The Claude server no longer accepts this login (its refresh token was used or revoked). Sign in again to keep using Claude Code here.'));
        return;
      case 'not_refreshable':
        if (trigger === 'click') {
          this.offerSignIn(vscode.l10n.t('This login has no refresh token, so it cannot be renewed. Sign in again to replace it.'));
        }
        return;
      case 'no_login':
        if (trigger === 'click') {
          this.offerSignIn(vscode.l10n.t('Claude Code is not signed in on this machine.'));
        }
        return;
    }
  }

  /**
   * Offers a sign-in and returns at once. A notification may never be answered (it hides itself, and the user signs
   * in another way): a refresh or sign-in that waited for it would stay "in progress" for good.
   */
  private offerSignIn(message: string): void {
    const signIn = vscode.l10n.t('Sign In');
    void vscode.window.showWarningMessage(message, signIn).then((choice) => {
      if (choice === signIn) this.signInFromOffer();
    });
  }

  /** A sign-in started from a notification's button: nobody awaits it, so a failure is logged here. */
  private signInFromOffer(kind?: LoginKind): void {
    this.signIn(kind).catch((error) => this.log.error(`Sign-in failed: ${describeError(error)}`));
  }

  /** Re-reads what wins over the login (environment, settings files); the status bar warns when something does. */
  private async checkCredentialInUse(): Promise<void> {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    const files = await settingsFiles(this.location, folders, process.platform);
    const inUse = credentialInUse({
      env: process.env,
      apiKeyHelperFiles: await filesWithApiKeyHelper(files),
      approvedApiKeySuffixes: this.monitor.snapshot.approvedApiKeySuffixes,
    });
    if (JSON.stringify(inUse) !== JSON.stringify(this.inUse)) {
      this.inUse = inUse;
      this.log.info(inUse.kind === 'login' ? 'Claude Code here uses the sign-in.' : `Claude Code here uses ${'variable' in inUse ? inUse.variable : `the apiKeyHelper in ${inUse.settingsFile}`} instead of the sign-in.`);
      this.render();
    }
  }

  private onSnapshot(snapshot: LoginSnapshot): void {
    void this.checkCredentialInUse().catch((error) => this.log.warn(`Could not check what Claude Code signs in with: ${describeError(error)}`));
    const refreshToken = snapshot.read.state === 'ok' ? snapshot.read.login?.refreshToken : undefined;
    if (this.refusedRefreshToken && refreshToken !== this.refusedRefreshToken) {
      this.refusedRefreshToken = undefined;
    }
    this.render();
    this.changed.fire(snapshot);
  }

  /** Recomputes the status from the last snapshot and the clock, shows it, and plans the next update. */
  private render(): void {
    const snapshot = this.monitor.snapshot;
    const now = Date.now();
    this.status = loginStatus(snapshot.read, now, snapshot.writtenAt);
    this.setSignedInContext(this.status.kind === 'signed_in');
    this.bar.show({
      status: this.status,
      relativeConfigDir: this.location.configDirIsRelative ? this.location.configDir : undefined,
      credentialInUse: this.inUse,
      account: snapshot.account,
      refreshRefused: this.refusedRefreshToken !== undefined,
      refreshing: this.refreshing !== undefined,
      lastRefreshProblem: this.lastRefreshProblem,
      now,
    });
    clearTimeout(this.tickTimer);
    if (this.status.kind === 'signed_in' && this.status.accessExpiresAt !== undefined) {
      this.tickTimer = setTimeout(() => this.render(), msUntilNextTick(this.status.accessExpiresAt, now));
    }
    this.planAutoRefresh(now);
  }

  /** `claudeRemoteSignIn.signedIn`: the walkthrough's sign-in step completes on it (package.json). */
  private setSignedInContext(signedIn: boolean): void {
    if (signedIn === this.signedInContext) return;
    this.signedInContext = signedIn;
    void vscode.commands.executeCommand('setContext', 'claudeRemoteSignIn.signedIn', signedIn);
  }

  private planAutoRefresh(now: number): void {
    clearTimeout(this.autoTimer);
    this.autoTimer = undefined;
    const plan = planRefresh({
      status: this.status,
      now,
      writtenAt: this.monitor.snapshot.writtenAt,
      lastAutoRefreshAt: this.lastAutoRefreshAt,
      autoRefresh: readSettings().autoRefresh,
      refused: this.refusedRefreshToken !== undefined,
      refreshing: this.refreshing !== undefined,
      serverApproved: this.approval.isApproved(),
      failure: this.failure,
    });
    if (plan.kind === 'none') {
      return;
    }
    // setTimeout cannot wait longer than ~24.8 days; the next render re-plans.
    this.autoTimer = setTimeout(() => void this.refresh('auto'), Math.min(Math.max(0, plan.at - now), 2 ** 31 - 1));
  }

  /** Settings changed: re-plan (e.g. auto refresh switched on or off). */
  settingsChanged(): void {
    this.render();
  }

  private dependencies(): SignInDependencies {
    const engine = this.loadEngine();
    const { http } = networkFor(engine, this.endpoints.tokenUrl, this.log);
    return { engine, endpoints: this.endpoints, location: this.location, store: engine.openCredentialStore(this.location), log: this.log, http };
  }

  /** "Claude: Diagnose sign-in". */
  async diagnose(): Promise<void> {
    const engine = this.loadEngine();
    const network = networkFor(engine, this.endpoints.tokenUrl, this.log);
    await showDiagnosis({ engine, location: this.location, log: this.log, ...network });
  }

  dispose(): void {
    clearTimeout(this.tickTimer);
    clearTimeout(this.autoTimer);
    this.monitor.dispose();
    this.bar.dispose();
    this.changed.dispose();
  }
}
