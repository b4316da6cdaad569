// When the automatic refresh runs next, as a pure function of the login, the clock and the last failure — the
// riskiest timing in the product, tested as a table (test/unit/refreshPlan.test.ts). The controller only turns the
// plan into a timer.
import type { LoginStatus } from './loginStatus';

/** Auto refresh renews this long before the access token expires (the CLI itself waits until 5 min). */
export const AUTO_REFRESH_LEAD_MS = 10 * 60_000;

export const RETRY_BASE_MS = 30_000;
export const RETRY_MAX_MS = 15 * 60_000;

/** 30 s, 1 min, 2 min, … up to 15 min; never sooner than the server's Retry-After. */
export function retryDelayMs(failedAttempts: number, retryAfterMs?: number): number {
  const backoff = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, failedAttempts - 1));
  return Math.max(backoff, retryAfterMs ?? 0);
}

export interface RefreshPlanInput {
  readonly status: LoginStatus;
  readonly now: number;
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
  if (input.failure && input.failure.attempts > 0) {
    return { kind: 'at', at: input.failure.at + retryDelayMs(input.failure.attempts, input.failure.retryAfterMs), reason: 'retry' };
  }
  if (status.accessExpiresAt === undefined) return { kind: 'none', reason: 'no_expiry' };
  return { kind: 'at', at: Math.max(input.now, status.accessExpiresAt - AUTO_REFRESH_LEAD_MS), reason: 'before_expiry' };
}
