// Ties the login on disk to what the user sees and can do: the status bar, its click, the refresh command and
// the automatic refresh before expiry. A refresh never runs twice at once here; the CLI's locks cover other
// windows and processes.
import * as vscode from 'vscode';
import type * as Auth from '../auth';
import type { OAuthEndpoints } from '../oauth/endpoints';
import type { ClaudeLocation } from '../credentials/location';
import { describeError, type Log } from '../logging/log';
import { LoginMonitor, type LoginSnapshot } from '../status/loginMonitor';
import { loginStatus, msUntilNextTick, type LoginStatus } from '../status/loginStatus';
import { LoginStatusBar } from '../status/statusBar';
import { readSettings } from './settings';

/** Auto refresh renews this long before the access token expires (the CLI itself waits until 5 min). */
export const AUTO_REFRESH_LEAD_MS = 10 * 60_000;
const RETRY_BASE_MS = 30_000;
const RETRY_MAX_MS = 15 * 60_000;

export type RefreshTrigger = 'click' | 'auto';

export class LoginController implements vscode.Disposable {
  private readonly bar: LoginStatusBar;
  private readonly monitor: LoginMonitor;
  private status: LoginStatus = { kind: 'signed_out' };
  private tickTimer: NodeJS.Timeout | undefined;
  private autoTimer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;
  private signingIn: Promise<void> | undefined;
  /** The refresh token the server refused; cleared as soon as the file holds another one. */
  private refusedRefreshToken: string | undefined;
  private lastRefreshProblem: string | undefined;
  private failedAttempts = 0;

  constructor(
    private readonly log: Log,
    private readonly location: ClaudeLocation,
    private readonly endpoints: OAuthEndpoints,
    private readonly loadAuth: () => typeof Auth,
  ) {
    this.bar = new LoginStatusBar(location, endpoints);
    this.monitor = new LoginMonitor(location, (snapshot) => this.onSnapshot(snapshot));
  }

  start(): Promise<void> {
    return this.monitor.start();
  }

  /** The status bar's click: refresh when that can help, sign in otherwise. */
  async click(): Promise<void> {
    const status = this.status;
    if (status.kind === 'signed_in' && status.canRefresh && !status.deadlinePassed && !this.refusedRefreshToken) {
      return this.refresh('click');
    }
    return this.signIn();
  }

  async signIn(): Promise<void> {
    if (this.signingIn) {
      return this.signingIn;
    }
    this.signingIn = (async () => {
      const auth = this.loadAuth();
      const signedIn = await auth.signInRemotely(this.dependencies(), { method: readSettings().signInMethod });
      if (signedIn) {
        this.refusedRefreshToken = undefined;
        this.lastRefreshProblem = undefined;
        this.failedAttempts = 0;
      }
      await this.monitor.reload();
    })().finally(() => (this.signingIn = undefined));
    return this.signingIn;
  }

  /** Renews the access token. A click always renews; auto only when expiry is near. One at a time. */
  refresh(trigger: RefreshTrigger): Promise<void> {
    if (this.refreshing) {
      return this.refreshing;
    }
    this.refreshing = this.runRefresh(trigger).finally(() => {
      this.refreshing = undefined;
      this.render();
    });
    this.render();
    return this.refreshing;
  }

  private async runRefresh(trigger: RefreshTrigger): Promise<void> {
    const seen = this.status.kind === 'signed_in' ? this.status.login.refreshToken ?? undefined : undefined;
    const auth = this.loadAuth();
    let outcome: Auth.RefreshOutcome;
    try {
      outcome = await auth.refreshLogin({
        ...this.dependencies(),
        seenRefreshToken: seen,
        renewWithinMs: trigger === 'auto' ? AUTO_REFRESH_LEAD_MS + 60_000 : undefined,
      });
    } catch (error) {
      this.failedAttempts += 1;
      this.lastRefreshProblem = auth.describeFailure(error);
      this.log.warn(`Refresh failed (${trigger}, attempt ${this.failedAttempts}): ${describeError(error)}`);
      this.scheduleRetry(error);
      if (trigger === 'click') {
        void vscode.window.showErrorMessage(this.lastRefreshProblem);
      }
      return;
    }
    this.log.info(`Refresh (${trigger}): ${outcome.kind}.`);
    this.lastRefreshProblem = undefined;
    this.failedAttempts = 0;
    await this.monitor.reload();
    switch (outcome.kind) {
      case 'refreshed':
      case 'adopted':
      case 'still_fresh':
        if (trigger === 'click') {
          void vscode.window.setStatusBarMessage(vscode.l10n.t('$(pass) Claude sign-in refreshed'), 4000);
        }
        return;
      case 'sign_in_again':
        this.refusedRefreshToken = outcome.refusedRefreshToken;
        this.render();
        return this.offerSignIn(vscode.l10n.t('The Claude server no longer accepts this login (its refresh token was used or revoked). Sign in again to keep using Claude Code here.'));
      case 'not_refreshable':
        if (trigger === 'click') {
          return this.offerSignIn(vscode.l10n.t('This login is a long-lived token that cannot be refreshed. Sign in again to replace it.'));
        }
        return;
      case 'no_login':
        if (trigger === 'click') {
          return this.offerSignIn(vscode.l10n.t('Claude Code is not signed in on this machine.'));
        }
        return;
    }
  }

  private async offerSignIn(message: string): Promise<void> {
    const signIn = vscode.l10n.t('Sign In');
    const choice = await vscode.window.showWarningMessage(message, signIn);
    if (choice === signIn) {
      await this.signIn();
    }
  }

  private onSnapshot(snapshot: LoginSnapshot): void {
    this.snapshot = snapshot;
    const refreshToken = snapshot.read.state === 'ok' ? snapshot.read.login?.refreshToken : undefined;
    if (this.refusedRefreshToken && refreshToken !== this.refusedRefreshToken) {
      this.refusedRefreshToken = undefined;
    }
    this.render();
  }

  private snapshot: LoginSnapshot | undefined;

  /** Recomputes the status from the last snapshot and the clock, shows it, and plans the next update. */
  private render(): void {
    const snapshot = this.snapshot ?? this.monitor.snapshot;
    const now = Date.now();
    this.status = loginStatus(snapshot.read, now, snapshot.writtenAt);
    this.bar.show({
      status: this.status,
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

  private planAutoRefresh(now: number): void {
    if (this.failedAttempts > 0) {
      return; // A retry is already planned.
    }
    clearTimeout(this.autoTimer);
    this.autoTimer = undefined;
    const status = this.status;
    if (
      !readSettings().autoRefresh ||
      status.kind !== 'signed_in' ||
      !status.canRefresh ||
      status.accessExpiresAt === undefined ||
      this.refusedRefreshToken ||
      this.refreshing
    ) {
      return;
    }
    const due = Math.max(0, status.accessExpiresAt - AUTO_REFRESH_LEAD_MS - now);
    // setTimeout cannot wait longer than ~24.8 days; re-plan then.
    this.autoTimer = setTimeout(() => void this.refresh('auto'), Math.min(due, 2 ** 31 - 1));
  }

  private scheduleRetry(error: unknown): void {
    clearTimeout(this.autoTimer);
    if (!readSettings().autoRefresh) {
      return;
    }
    const retryAfter = (error as { details?: { retryAfterMs?: number } }).details?.retryAfterMs;
    const backoff = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (this.failedAttempts - 1));
    const delay = Math.max(backoff, retryAfter ?? 0);
    this.log.info(`Will retry the refresh in ${Math.round(delay / 1000)} s.`);
    this.autoTimer = setTimeout(() => void this.refresh('auto'), delay);
  }

  /** Settings changed: re-plan (e.g. auto refresh switched on or off). */
  settingsChanged(): void {
    this.render();
  }

  private dependencies(): { endpoints: OAuthEndpoints; location: ClaudeLocation; log: Log; http: object } {
    return { endpoints: this.endpoints, location: this.location, log: this.log, http: {} };
  }

  dispose(): void {
    clearTimeout(this.tickTimer);
    clearTimeout(this.autoTimer);
    this.monitor.dispose();
    this.bar.dispose();
  }
}
