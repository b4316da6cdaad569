// When the automatic refresh runs next, as a pure function of the login, the clock and the last failure — the
// riskiest timing in the product, tested as a table (test/unit/refreshPlan.test.ts). The controller only turns the
// plan into a timer.
import type { LoginStatus } from './loginStatus';

/** Auto refresh renews this long before the access token expires (the CLI itself waits until 5 min). */
export const AUTO_REFRESH_LEAD_MS = 10 * 60_000;
/**
 * …but never earlier than half-way through the token's life: a server (or gateway) issuing tokens of 10 minutes or
 * less would otherwise make every fresh token due at once, and the window would refresh in a loop.
 */
export const MAX_LEAD_FRACTION = 0.5;
/** Never two automatic refreshes closer than this, whatever the token, the file or the failure says. */
export const MIN_AUTO_REFRESH_INTERVAL_MS = 60_000;

export const RETRY_BASE_MS = MIN_AUTO_REFRESH_INTERVAL_MS;
export const RETRY_MAX_MS = 15 * 60_000;

/** 1 min, 2 min, 4 min, … up to 15 min; never sooner than the server's Retry-After. */
export function retryDelayMs(failedAttempts: number, retryAfterMs?: number): number {
  const backoff = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, failedAttempts - 1));
  return Math.max(backoff, retryAfterMs ?? 0);
}

/**
 * How long before expiry to renew: the lead time, capped at a fraction of the token's lifetime as seen between the
 * file's last write and the expiry. Unknown write time (0): the full lead.
 */
export function refreshLeadMs(accessExpiresAt: number, writtenAt: number): number {
  if (writtenAt <= 0) return AUTO_REFRESH_LEAD_MS;
  return Math.max(0, Math.min(AUTO_REFRESH_LEAD_MS, (accessExpiresAt - writtenAt) * MAX_LEAD_FRACTION));
}

export interface RefreshPlanInput {
  readonly status: LoginStatus;
  readonly now: number;
  /** When the credentials file was last written (its mtime), or 0 when unknown. */
  readonly writtenAt: number;
  /** When this window last started an automatic refresh, if it did (a click is the user's to make). */
  readonly lastAutoRefreshAt?: number;
  /** The `autoRefresh` setting. */
  readonly autoRefresh: boolean;
  /** The server refused this login's refresh token: only a new sign-in helps. */
  readonly refused: boolean;
  /** A refresh is running right now. */
  readonly refreshing: boolean;
  /** Tokens may be sent to the OAuth server in force (Anthropic, or a custom one the user approved). */
  readonly serverApproved: boolean;
  /** The last refresh attempts that failed for a passing reason (network, 429, 5xx), in a row. */
  readonly failure?: { readonly attempts: number; readonly at: number; readonly retryAfterMs?: number };
}

export type RefreshPlan =
  | {
      readonly kind: 'none';
      readonly reason: 'off' | 'not_signed_in' | 'not_refreshable' | 'no_expiry' | 'login_ended' | 'refused' | 'in_progress' | 'not_approved';
    }
  /** Refresh at `at` (epoch ms; at or before `now` means right away). */
  | { readonly kind: 'at'; readonly at: number; readonly reason: 'before_expiry' | 'retry' };

export function planRefresh(input: RefreshPlanInput): RefreshPlan {
  const { status } = input;
  if (!input.autoRefresh) return { kind: 'none', reason: 'off' };
  if (status.kind !== 'signed_in') return { kind: 'none', reason: 'not_signed_in' };
  if (!status.canRefresh) return { kind: 'none', reason: 'not_refreshable' };
  if (status.deadlinePassed) return { kind: 'none', reason: 'login_ended' };
  if (input.refused) return { kind: 'none', reason: 'refused' };
  if (input.refreshing) return { kind: 'none', reason: 'in_progress' };
  if (!input.serverApproved) return { kind: 'none', reason: 'not_approved' };
  const notBefore = Math.max(input.now, (input.lastAutoRefreshAt ?? -Infinity) + MIN_AUTO_REFRESH_INTERVAL_MS);
  if (input.failure && input.failure.attempts > 0) {
    const retryAt = input.failure.at + retryDelayMs(input.failure.attempts, input.failure.retryAfterMs);
    return { kind: 'at', at: Math.max(notBefore, retryAt), reason: 'retry' };
  }
  if (status.accessExpiresAt === undefined) return { kind: 'none', reason: 'no_expiry' };
  const dueAt = status.accessExpiresAt - refreshLeadMs(status.accessExpiresAt, input.writtenAt);
  return { kind: 'at', at: Math.max(notBefore, dueAt), reason: 'before_expiry' };
}
