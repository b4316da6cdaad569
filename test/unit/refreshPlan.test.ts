// When the automatic refresh runs next: a table of logins, clocks and failures.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ClaudeAiOauth } from '../../src/credentials/schema.js';
import { AUTO_REFRESH_LEAD_MS, planRefresh, retryDelayMs, type RefreshPlanInput } from '../../src/login/refreshPlan.js';
import { loginStatus } from '../../src/login/loginStatus.js';

const NOW = 1_800_000_000_000;
const MIN = 60_000;
const H = 60 * MIN;

test('a failed refresh is retried with doubling backoff up to 15 minutes, never before Retry-After', () => {
  assert.deepEqual([1, 2, 3, 4, 5, 6, 10].map((n) => retryDelayMs(n)), [30_000, 60_000, 120_000, 240_000, 480_000, 900_000, 900_000]);
  assert.equal(retryDelayMs(1, 120_000), 120_000);
  assert.equal(retryDelayMs(3, 1_000), 120_000);
});

function input(login: Partial<ClaudeAiOauth> | undefined, overrides: Partial<RefreshPlanInput> = {}): RefreshPlanInput {
  const full: ClaudeAiOauth = { accessToken: 'sk-ant-oat01-a', refreshToken: 'sk-ant-ort01-r', expiresAt: NOW + 8 * H, scopes: ['user:inference'], ...login };
  const read = login === undefined ? ({ state: 'missing' } as const) : ({ state: 'ok', file: { claudeAiOauth: full }, login: full } as const);
  return {
    status: loginStatus(read, NOW, NOW - H),
    now: NOW,
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
  assert.deepEqual(planRefresh(input({ expiresAt: NOW + 2 * MIN }, { failure })), { kind: 'at', at: NOW + 20_000, reason: 'retry' });
  assert.deepEqual(planRefresh(input({}, { failure: { attempts: 3, at: NOW } })), { kind: 'at', at: NOW + 2 * MIN, reason: 'retry' });
  assert.deepEqual(planRefresh(input({}, { failure: { attempts: 1, at: NOW, retryAfterMs: 10 * MIN } })), { kind: 'at', at: NOW + 10 * MIN, reason: 'retry' });
  assert.deepEqual(planRefresh(input({}, { failure: { attempts: 9, at: NOW } })), { kind: 'at', at: NOW + 15 * MIN, reason: 'retry' });
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
