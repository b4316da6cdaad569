// How long to wait before retrying a refresh that failed for a passing reason (network, 429, 5xx).

export const RETRY_BASE_MS = 30_000;
export const RETRY_MAX_MS = 15 * 60_000;

/** 30 s, 1 min, 2 min, … up to 15 min; never sooner than the server's Retry-After. */
export function retryDelayMs(failedAttempts: number, retryAfterMs?: number): number {
  const backoff = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, failedAttempts - 1));
  return Math.max(backoff, retryAfterMs ?? 0);
}
