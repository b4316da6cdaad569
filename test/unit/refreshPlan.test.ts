// When the automatic refresh runs next: a table of logins, clocks and failures.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ClaudeAiOauth } from '../../src/credentials/schema.js';
import { AUTO_REFRESH_LEAD_MS, MIN_AUTO_REFRESH_INTERVAL_MS, planRefresh, retryDelayMs, type RefreshPlanInput } from '../../src/login/refreshPlan.js';
import { loginStatus } from '../../src/login/loginStatus.js';

const NOW = 1_800_000_000_000;
const MIN = 60_000;
const H = 60 * MIN;

test('a failed refresh is retried with doubling backoff from a minute up to 15 minutes, never before Retry-After', () => {
  assert.deepEqual([1, 2, 3, 4, 5, 9].map((n) => retryDelayMs(n)), [60_000, 120_000, 240_000, 480_000, 900_000, 900_000]);
  assert.equal(retryDelayMs(1, 180_000), 180_000);
  assert.equal(retryDelayMs(3, 1_000), 240_000);
  assert.equal(retryDelayMs(1, 3 * H), 3 * H, 'a Retry-After beyond the backoff cap is still honoured');
});

function input(login: Partial<ClaudeAiOauth> | undefined, overrides: Partial<RefreshPlanInput> = {}): RefreshPlanInput {
  const full: ClaudeAiOauth = { accessToken: 'sk-ant-oat01-a', refreshToken: 'sk-ant-ort01-r', expiresAt: NOW + 8 * H, scopes: ['user:inference'], ...login };
  const read = login === undefined ? ({ state: 'missing' } as const) : ({ state: 'ok', file: { claudeAiOauth: full }, login: full } as const);
  const writtenAt = overrides.writtenAt ?? NOW - H;
  return {
    status: loginStatus(read, NOW, writtenAt),
    now: NOW,
    writtenAt,
    autoRefresh: true,
    refused: false,
    refreshing: false,
    serverApproved: true,
    ...overrides,
  };
}

test('a healthy login is refreshed the lead time before its access token expires', () => {
  assert.deepEqual(planRefresh(input({})), { kind: 'at', at: NOW + 8 * H - AUTO_REFRESH_LEAD_MS, reason: 'before_expiry' });
});

test('inside the lead time, or already expired: right away', () => {
  assert.deepEqual(planRefresh(input({ expiresAt: NOW + 9 * MIN })), { kind: 'at', at: NOW, reason: 'before_expiry' });
  assert.deepEqual(planRefresh(input({ expiresAt: NOW - H })), { kind: 'at', at: NOW, reason: 'before_expiry' });
});

test('after passing failures: backoff from the last failure, never before Retry-After; the expiry waits', () => {
  const failure = { attempts: 1, at: NOW - 10_000 };
  assert.deepEqual(planRefresh(input({ expiresAt: NOW + 2 * MIN }, { failure })), { kind: 'at', at: NOW + 50_000, reason: 'retry' });
  assert.deepEqual(planRefresh(input({}, { failure: { attempts: 3, at: NOW } })), { kind: 'at', at: NOW + 4 * MIN, reason: 'retry' });
  assert.deepEqual(planRefresh(input({}, { failure: { attempts: 1, at: NOW, retryAfterMs: 10 * MIN } })), { kind: 'at', at: NOW + 10 * MIN, reason: 'retry' });
  assert.deepEqual(planRefresh(input({}, { failure: { attempts: 9, at: NOW } })), { kind: 'at', at: NOW + 15 * MIN, reason: 'retry' });
});

test('short-lived tokens: the lead is at most half the lifetime seen from the last write, so a fresh token is not due at once', () => {
  // Lifetime as seen between the file's last write and the expiry: 5 minutes, 11 minutes, 20 minutes, 8 hours.
  const at = (lifetime: number, writtenAgo = 0) => planRefresh(input({ expiresAt: NOW - writtenAgo + lifetime }, { writtenAt: NOW - writtenAgo }));
  assert.deepEqual(at(5 * MIN), { kind: 'at', at: NOW + 2.5 * MIN, reason: 'before_expiry' });
  assert.deepEqual(at(11 * MIN), { kind: 'at', at: NOW + 5.5 * MIN, reason: 'before_expiry' });
  assert.deepEqual(at(20 * MIN), { kind: 'at', at: NOW + 10 * MIN, reason: 'before_expiry' });
  assert.deepEqual(at(8 * H), { kind: 'at', at: NOW + 8 * H - AUTO_REFRESH_LEAD_MS, reason: 'before_expiry' });
  // Half-way through a 5-minute token: due now.
  assert.deepEqual(at(5 * MIN, 3 * MIN), { kind: 'at', at: NOW, reason: 'before_expiry' });
  // No known write time (e.g. the login lives in the Keychain): the full lead, and the one-minute floor below.
  assert.deepEqual(planRefresh(input({ expiresAt: NOW + 5 * MIN }, { writtenAt: 0 })), { kind: 'at', at: NOW, reason: 'before_expiry' });
});

test('never two automatic refreshes within a minute, whatever the token or the failure says', () => {
  const lastAutoRefreshAt = NOW - 10_000;
  // A token already expired, one written long after its expiry, and a server that issues 30-second tokens.
  assert.deepEqual(planRefresh(input({ expiresAt: NOW - H }, { lastAutoRefreshAt })), { kind: 'at', at: NOW + 50_000, reason: 'before_expiry' });
  assert.deepEqual(planRefresh(input({ expiresAt: NOW - MIN }, { writtenAt: NOW, lastAutoRefreshAt })), { kind: 'at', at: NOW + 50_000, reason: 'before_expiry' });
  assert.deepEqual(planRefresh(input({ expiresAt: NOW + 30_000 }, { writtenAt: NOW, lastAutoRefreshAt: NOW })), { kind: 'at', at: NOW + MIN, reason: 'before_expiry' });
  assert.deepEqual(planRefresh(input({}, { lastAutoRefreshAt, failure: { attempts: 1, at: NOW - 50_000, retryAfterMs: 0 } })), { kind: 'at', at: NOW + 50_000, reason: 'retry' });
  // A refresh long ago changes nothing.
  assert.deepEqual(planRefresh(input({ expiresAt: NOW - H }, { lastAutoRefreshAt: NOW - H })), { kind: 'at', at: NOW, reason: 'before_expiry' });
  assert.equal(MIN_AUTO_REFRESH_INTERVAL_MS, MIN);
});

test('no refresh planned when it cannot help or must not happen', () => {
  const none = (reason: string) => ({ kind: 'none', reason });
  assert.deepEqual(planRefresh(input({}, { autoRefresh: false })), none('off'));
  assert.deepEqual(planRefresh(input(undefined)), none('not_signed_in'));
  assert.deepEqual(planRefresh(input({ accessToken: '', refreshToken: '', expiresAt: 0 })), none('not_signed_in'));
  assert.deepEqual(planRefresh(input({ refreshToken: undefined })), none('not_refreshable'));
  assert.deepEqual(planRefresh(input({ refreshTokenExpiresAt: NOW - MIN })), none('login_ended'));
  assert.deepEqual(planRefresh(input({}, { refused: true })), none('refused'));
  assert.deepEqual(planRefresh(input({}, { refreshing: true })), none('in_progress'));
  assert.deepEqual(planRefresh(input({}, { serverApproved: false })), none('not_approved'));
  assert.deepEqual(planRefresh(input({ expiresAt: null })), none('no_expiry'));
  // A refused token or a switched-off setting wins over a pending retry.
  assert.deepEqual(planRefresh(input({}, { refused: true, failure: { attempts: 2, at: NOW } })), none('refused'));
  assert.deepEqual(planRefresh(input({}, { autoRefresh: false, failure: { attempts: 2, at: NOW } })), none('off'));
});
