// Renewing the access token: "Claude: Refresh sign-in" and a click on the status bar, and the automatic refresh
// before expiry (login/refreshPlan.ts decides when, with backoff after a passing failure). A refresh never runs twice
// at once here; the CLI's locks cover other windows and processes.
import * as vscode from 'vscode';
import type { OAuthEndpoints } from '../../oauth/endpoints';
import { OAuthError } from '../../oauth/errors';
import type { ClaudeLocation } from '../../credentials/location';
import { describeError, type Log } from '../../logging/log';
import { AUTO_REFRESH_LEAD_MS, planRefresh, retryDelayMs } from '../../login/refreshPlan';
import { runCommand, setContext } from '../commands';
import { locationUsable } from '../configDir';
import type { Engine } from '../engineAccess';
import { engineSession } from '../network';
import { readSettings } from '../settings';
import type { CustomServerApproval } from '../signIn/customServerApproval';
import type { SignIns } from '../signIn/signIns';
import { describeFailure, nextStepLabel, nextSteps } from '../words/failures';
import { describeAccountOnHold, describeEndedLogin } from '../words/loginStates';
import type { LoginModel, LoginState } from './loginModel';

export type RefreshTrigger = 'click' | 'auto';

/** What the status bar shows about refreshing, beside the login itself. */
export interface RefreshView {
  /** The server refused this login's refresh token: only a new sign-in helps. */
  readonly refreshRefused: boolean;
  readonly refreshing: boolean;
  /** The last refresh failed for a passing reason (network, 429, 5xx): one line naming it. */
  readonly lastRefreshProblem?: string;
}

export class LoginRefresher implements vscode.Disposable {
  private refreshing: Promise<void> | undefined;
  /** The refresh token the server refused; cleared as soon as the file holds another one. */
  private refusedRefreshToken: string | undefined;
  private lastRefreshProblem: string | undefined;
  /** The problem and failures before the last answer (an account on hold counts as one more failure). */
  private lastProblemBefore: string | undefined;
  private failureBefore: { attempts: number; at: number; retryAfterMs?: number } | undefined;
  /** Refreshes that failed for a passing reason, in a row (the planner backs off from the last one). */
  private failure: { attempts: number; at: number; retryAfterMs?: number } | undefined;
  /** When this window last started an automatic refresh: the planner keeps them at least a minute apart. */
  private lastAutoRefreshAt: number | undefined;
  private autoTimer: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly log: Log,
    private readonly location: ClaudeLocation,
    private readonly endpoints: OAuthEndpoints,
    private readonly loadEngine: () => typeof Engine,
    private readonly approval: CustomServerApproval,
    private readonly model: LoginModel,
    private readonly signIns: SignIns,
  ) {
    this.subscriptions = [
      model.onDidChange(({ state, change }) => {
        if (change === 'reread') this.forgetRefusalOfAnotherToken(state);
        this.planAutoRefresh(state);
      }),
      signIns.onDidSignIn(async () => {
        this.refusedRefreshToken = undefined;
        this.lastRefreshProblem = undefined;
        this.failure = undefined;
      }),
    ];
  }

  get view(): RefreshView {
    return { refreshRefused: this.refusedRefreshToken !== undefined, refreshing: this.refreshing !== undefined, lastRefreshProblem: this.lastRefreshProblem };
  }

  /** Renews the access token. A click always renews; auto only when expiry is near. One at a time. */
  refresh(trigger: RefreshTrigger): Promise<void> {
    if (trigger === 'click' && !locationUsable(this.location)) {
      return Promise.resolve();
    }
    // While a refresh runs, clicks join it: it never waits on a notification (see SignIns.offerSignIn).
    if (this.refreshing) {
      return this.refreshing;
    }
    if (trigger === 'auto') this.lastAutoRefreshAt = Date.now();
    this.refreshing = this.runRefresh(trigger).finally(() => {
      this.refreshing = undefined;
      this.model.recompute();
    });
    this.model.recompute();
    return this.refreshing;
  }

  /** Settings changed: re-plan (e.g. auto refresh switched on or off). */
  settingsChanged(): void {
    this.model.recompute();
  }

  private forgetRefusalOfAnotherToken(state: LoginState): void {
    const { read } = state.snapshot;
    const refreshToken = read.state === 'ok' ? read.login?.refreshToken : undefined;
    if (this.refusedRefreshToken && refreshToken !== this.refusedRefreshToken) {
      this.refusedRefreshToken = undefined;
    }
  }

  private async runRefresh(trigger: RefreshTrigger): Promise<void> {
    // A refresh token goes only to a server the user approved; an automatic refresh never asks.
    if (trigger === 'auto' ? !this.approval.isApproved() : !(await this.approval.ensureApproved())) {
      this.log.info(`Refresh (${trigger}) skipped: the custom OAuth server is not approved.`);
      return;
    }
    const { status } = this.model.current;
    const seen = status.kind === 'signed_in' ? status.login.refreshToken ?? undefined : undefined;
    let outcome: Engine.RefreshOutcome;
    try {
      const engine = this.loadEngine();
      outcome = await engine.refreshLogin({
        ...engineSession(engine, this.endpoints, this.location, this.log),
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
          if (step === 'diagnose') runCommand('diagnose');
          if (step === 'show_log') runCommand('showLog');
        });
      }
      return;
    }
    this.log.info(`Refresh (${trigger}): ${outcome.kind}.`);
    this.lastProblemBefore = this.lastRefreshProblem;
    this.failureBefore = this.failure;
    this.lastRefreshProblem = undefined;
    this.failure = undefined;
    await this.model.reload();
    switch (outcome.kind) {
      case 'refreshed':
      case 'adopted':
      case 'still_fresh':
        if (trigger === 'click') {
          void vscode.window.setStatusBarMessage(vscode.l10n.t('$(pass) Claude sign-in refreshed'), 4000);
          setContext('refreshed', true);
        }
        return;
      case 'sign_in_again':
        this.refusedRefreshToken = outcome.refusedRefreshToken;
        this.model.recompute();
        this.signIns.offerSignIn(describeEndedLogin(outcome.ended));
        return;
      case 'account_on_hold': {
        // Not a dead login: nothing was written, and a new sign-in would not help, so no "Sign in again". Auto
        // refresh backs off as after any failure; the words say it once, and again on a click.
        const problem = describeAccountOnHold(outcome.appealUrl);
        const firstTime = this.lastProblemBefore !== problem;
        this.lastRefreshProblem = problem;
        this.failure = { attempts: (this.failureBefore?.attempts ?? 0) + 1, at: Date.now() };
        this.model.recompute();
        if (trigger !== 'click' && !firstTime) return;
        const details = vscode.l10n.t('View details');
        void vscode.window.showErrorMessage(problem, details).then((choice) => {
          if (choice === details) void vscode.env.openExternal(vscode.Uri.parse(outcome.appealUrl));
        });
        return;
      }
      case 'not_refreshable':
        if (trigger === 'click') {
          this.signIns.offerSignIn(vscode.l10n.t('This login has no refresh token, so it cannot be renewed. Sign in again to replace it.'));
        }
        return;
      case 'no_login':
        if (trigger === 'click') {
          this.signIns.offerSignIn(vscode.l10n.t('Claude Code is not signed in on this machine.'));
        }
        return;
    }
  }

  private planAutoRefresh(state: LoginState): void {
    clearTimeout(this.autoTimer);
    this.autoTimer = undefined;
    const now = state.at;
    const plan = planRefresh({
      status: state.status,
      now,
      writtenAt: state.snapshot.writtenAt,
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
    // setTimeout cannot wait longer than ~24.8 days; the next change re-plans.
    this.autoTimer = setTimeout(() => void this.refresh('auto'), Math.min(Math.max(0, plan.at - now), 2 ** 31 - 1));
  }

  dispose(): void {
    clearTimeout(this.autoTimer);
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
