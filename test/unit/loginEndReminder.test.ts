// When the "your sign-in ends" reminder shows, on a clock the test controls: three days before the login's fixed
// end, again on its last day, each once per login, never for a container token and never for a guessed end.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CredentialsReadResult } from '../../src/credentials/read.js';
import { FIRST_REMINDER_MS, keepShown, LAST_DAY_MS, planLoginEndReminder } from '../../src/login/loginEndReminder.js';
import { loginStatus } from '../../src/login/loginStatus.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const END = Date.UTC(2026, 11, 31, 12, 0);

function status(login: Record<string, unknown>, now: number, writtenAt = now - HOUR) {
  const read = { state: 'ok', file: { claudeAiOauth: login }, login } as unknown as CredentialsReadResult;
  return loginStatus(read, now, writtenAt);
}

const fullLogin = (end = END) => ({
  accessToken: 'sk-ant-oat01-a',
  refreshToken: 'sk-ant-ort01-r',
  expiresAt: END - 20 * DAY,
  scopes: ['user:inference', 'user:profile'],
  refreshTokenExpiresAt: end,
  accountUuid: 'acc-1',
});

/** Walks the clock from `from` to `to` in steps, showing every due reminder as the UI would, and returns them. */
function run(login: Record<string, unknown>, from: number, to: number, shown = new Set<string>()): { stage: string; at: number }[] {
  const seen: { stage: string; at: number }[] = [];
  for (let now = from; now <= to; now += HOUR) {
    const plan = planLoginEndReminder(status(login, now), now, shown);
    if (plan.due) {
      shown.add(plan.due.key);
      seen.push({ stage: plan.due.stage, at: now });
    }
    if (plan.nextAt !== undefined) assert.ok(plan.nextAt > now, 'the next check is in the future');
  }
  return seen;
}

test('three days before the end, and again on the last day: each once', () => {
  assert.equal(FIRST_REMINDER_MS, 3 * DAY);
  assert.equal(LAST_DAY_MS, DAY);
  assert.deepEqual(run(fullLogin(), END - 10 * DAY, END + DAY), [
    { stage: 'three_days', at: END - 3 * DAY },
    { stage: 'last_day', at: END - DAY },
  ]);
});

test('far from the end nothing is due, and the plan says when to look again', () => {
  const now = END - 10 * DAY;
  assert.deepEqual(planLoginEndReminder(status(fullLogin(), now), now, new Set()), { nextAt: END - 3 * DAY });
  const inWindow = END - 2 * DAY;
  const plan = planLoginEndReminder(status(fullLogin(), inWindow), inWindow, new Set());
  assert.equal(plan.due?.stage, 'three_days');
  assert.equal(plan.due?.endsAt, END);
  assert.equal(plan.nextAt, END - DAY);
});

test('never twice: not after a restart or in another window (what was shown is remembered), not after a refresh', () => {
  const shown = new Set<string>();
  assert.equal(run(fullLogin(), END - 3 * DAY, END - 3 * DAY + 5 * HOUR, shown).length, 1);
  // A second window or a restart with the same memory: nothing new until the last day.
  assert.deepEqual(run(fullLogin(), END - 3 * DAY + 6 * HOUR, END - DAY - HOUR, shown), []);
  // A refresh rotates the tokens but keeps the end date: still the same login.
  const refreshed = { ...fullLogin(), accessToken: 'sk-ant-oat01-b', refreshToken: 'sk-ant-ort01-s' };
  assert.deepEqual(run(refreshed, END - DAY, END, shown).map((r) => r.stage), ['last_day']);
  assert.deepEqual(run(refreshed, END - DAY, END, shown), []);
});

test('first seen on its last day: only the last-day reminder; a new sign-in is a new login with its own reminders', () => {
  const shown = new Set<string>();
  assert.deepEqual(run(fullLogin(), END - 12 * HOUR, END, shown).map((r) => r.stage), ['last_day']);
  const next = fullLogin(END + 29 * DAY);
  assert.deepEqual(run(next, END + 25 * DAY, END + 30 * DAY, shown).map((r) => r.stage), ['three_days', 'last_day']);
});

test('never for a container token (no refresh token), a login already over, a guessed end, or no login', () => {
  const containerToken = { accessToken: 'sk-ant-oat01-c', expiresAt: END, scopes: ['user:inference'] };
  assert.deepEqual(run(containerToken, END - 5 * DAY, END + DAY), []);
  assert.deepEqual(planLoginEndReminder(status(fullLogin(), END + HOUR), END + HOUR, new Set()), {});
  const { refreshTokenExpiresAt: _, ...estimated } = fullLogin();
  assert.deepEqual(run(estimated, END - 31 * DAY, END + DAY), [], 'an estimate moves with every refresh');
  assert.deepEqual(planLoginEndReminder({ kind: 'signed_out' }, END, new Set()), {});
});

test('what was shown is kept only while its login lasts', () => {
  assert.deepEqual(keepShown({ 'a@1:last_day': END, 'b@2:three_days': END - DAY }, END - HOUR), { 'a@1:last_day': END });
});
