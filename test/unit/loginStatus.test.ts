import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatRemaining, loginStatus, msUntilNextTick } from '../../src/login/loginStatus.js';
import type { ClaudeAiOauth } from '../../src/credentials/schema.js';

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
const H = 3_600_000;
const ok = (login: Partial<ClaudeAiOauth>, writtenAt = NOW) =>
  loginStatus(
    { state: 'ok', file: {}, login: { accessToken: 'sk-ant-oat01-a', refreshToken: 'sk-ant-ort01-r', expiresAt: NOW + 8 * H, scopes: ['user:inference'], ...login } },
    NOW,
    writtenAt,
  );

test('signed out, unreadable and blanked files', () => {
  assert.deepEqual(loginStatus({ state: 'missing' }, NOW, 0), { kind: 'signed_out' });
  assert.deepEqual(loginStatus({ state: 'ok', file: { mcpOAuth: {} } }, NOW, 0), { kind: 'signed_out' });
  assert.deepEqual(loginStatus({ state: 'corrupt', reason: { kind: 'not_json' } }, NOW, 0), { kind: 'unreadable', problem: { kind: 'not_json' } });
  assert.deepEqual(loginStatus({ state: 'unrecognised_login', file: {}, fields: ['claudeAiOauth.expiresAt'] }, NOW, 0), {
    kind: 'unreadable',
    problem: { kind: 'unrecognised_login', fields: ['claudeAiOauth.expiresAt'] },
  });
  assert.equal(loginStatus({ state: 'ok', file: {}, login: { accessToken: '', refreshToken: '', expiresAt: 0 } }, NOW, 0).kind, 'blanked');
});

test('health: fresh is ok; an estimated deadline counts from the last write', () => {
  const fresh = ok({});
  assert.equal(fresh.kind === 'signed_in' && fresh.health, 'ok');
  assert.deepEqual(fresh.kind === 'signed_in' && fresh.deadline, { at: NOW + 30 * 24 * H, estimated: true });
});

test('health: warning within 30 minutes when nothing can refresh, or 3 days before the login deadline', () => {
  const longLived = ok({ refreshToken: undefined, expiresAt: NOW + 29 * 60_000 });
  assert.equal(longLived.kind === 'signed_in' && longLived.concern, 'access_expiring');
  assert.equal(longLived.kind === 'signed_in' && longLived.health, 'warning');
  const refreshable = ok({ expiresAt: NOW + 29 * 60_000 });
  assert.equal(refreshable.kind === 'signed_in' && refreshable.health, 'ok');
  const deadline = ok({ refreshTokenExpiresAt: NOW + 2 * 24 * H });
  assert.equal(deadline.kind === 'signed_in' && deadline.concern, 'deadline_near');
});

test('health: error when expired with nothing to refresh it, or past the login deadline', () => {
  const expired = ok({ refreshToken: null, expiresAt: NOW - 1 });
  assert.equal(expired.kind === 'signed_in' && expired.health, 'error');
  const past = ok({ refreshTokenExpiresAt: NOW - 1 });
  assert.equal(past.kind === 'signed_in' && past.concern, 'deadline_passed');
  const refreshable = ok({ expiresAt: NOW - 1 });
  assert.equal(refreshable.kind === 'signed_in' && refreshable.health, 'warning');
});

test('time left is short and ticks at minute boundaries', () => {
  assert.equal(formatRemaining(8 * H - 2 * 60_000), '7h 58m');
  assert.equal(formatRemaining(3 * 24 * H + 4 * H + 59_000), '3d 4h');
  assert.equal(formatRemaining(12 * 60_000 + 30_000), '12m');
  assert.equal(formatRemaining(59_000), '<1m');
  assert.equal(msUntilNextTick(NOW + 10 * 60_000 + 20_000, NOW), 20_005);
  assert.equal(msUntilNextTick(NOW + 10 * 60_000, NOW), 60_000);
});
