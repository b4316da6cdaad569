// Refresh that never fights Claude Code: rotation, adoption, compare-and-swap, invalid_grant, transient
// failures — and a second process with the CLI's locks refreshing and writing at the same time.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { resolveClaudeLocation, type ClaudeLocation } from '../../src/credentials/location.js';
import { writeLogin } from '../../src/engine/store/credentialsFile.js';
import { OAuthError } from '../../src/oauth/errors.js';
import { refreshLogin, type RefreshOutcome } from '../../src/engine/refresh/refreshLogin.js';
import { finishAttempt, startAttempt } from '../../src/engine/signIn/attempt.js';
import { silentLog } from '../../src/logging/log.js';
import { startCliLikeRefresher } from '../support/cliLikeRefresher.js';
import { startTestProvider, type TestProvider } from '../support/oauthProvider.js';
import { modeOf, tempDir } from '../support/tempDirs.js';

type T = Parameters<typeof tempDir>[0];

async function signedIn(t: T, extraKeys: Record<string, unknown> = { mcpOAuth: { counter: 0, server: { token: 'x' } }, somethingNew: [1, 2] }) {
  const provider = await startTestProvider();
  t.after(() => provider.close());
  const location = resolveClaudeLocation({}, tempDir(t));
  fs.mkdirSync(location.configDir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(location.credentialsFile, JSON.stringify(extraKeys), { mode: 0o600 });
  const attempt = startAttempt(provider.endpoints, 'http://localhost:1234/callback');
  const { code } = await provider.approve(attempt.authorizeUrl);
  await finishAttempt(attempt, code, { endpoints: provider.endpoints, location, log: silentLog });
  return { provider, location, read: () => JSON.parse(fs.readFileSync(location.credentialsFile, 'utf8')) };
}

const options = (provider: TestProvider, location: ClaudeLocation) => ({ endpoints: provider.endpoints, location, log: silentLog });

test('a refresh rotates: the new tokens are written, the old refresh token is dead, other keys untouched', async (t) => {
  const { provider, location, read } = await signedIn(t);
  const before = read();
  const outcome = await refreshLogin(options(provider, location));
  assert.equal(outcome.kind, 'refreshed');
  const after = read();
  assert.notEqual(after.claudeAiOauth.refreshToken, before.claudeAiOauth.refreshToken);
  assert.equal(after.claudeAiOauth.accessToken, provider.issuedAccessTokens.at(-1));
  assert.equal(provider.isRefreshTokenLive(before.claudeAiOauth.refreshToken), false);
  assert.equal(provider.isRefreshTokenLive(after.claudeAiOauth.refreshToken), true);
  assert.deepEqual(after.mcpOAuth, before.mcpOAuth);
  assert.deepEqual(after.somethingNew, before.somethingNew);
  assert.equal(after.claudeAiOauth.subscriptionType, 'max');
  assert.equal(modeOf(location.credentialsFile), 0o600);
  const body = provider.requests.filter((r) => r.path === '/v1/oauth/token').at(-1)?.body as Record<string, string>;
  assert.deepEqual(Object.keys(body).sort(), ['client_id', 'grant_type', 'refresh_token', 'scope']);
});

test('tokens renewed by someone else meanwhile are adopted, and nothing is spent', async (t) => {
  const { provider, location } = await signedIn(t);
  const calls = provider.tokenCalls.refresh_token;
  const outcome = await refreshLogin({ ...options(provider, location), seenRefreshToken: 'sk-ant-ort01-an-older-one' });
  assert.equal(outcome.kind, 'adopted');
  assert.equal(provider.tokenCalls.refresh_token, calls);
});

test('auto refresh leaves a fresh token alone', async (t) => {
  const { provider, location } = await signedIn(t);
  const outcome = await refreshLogin({ ...options(provider, location), renewWithinMs: 10 * 60_000 });
  assert.equal(outcome.kind, 'still_fresh');
  assert.equal(provider.tokenCalls.refresh_token, 0);
});

test('invalid_grant means sign in again; the login is ended as the CLI ends it, other keys untouched', async (t) => {
  const { provider, location, read } = await signedIn(t);
  const before = read();
  provider.revokeRefreshToken(before.claudeAiOauth.refreshToken);
  const outcome = await refreshLogin(options(provider, location));
  assert.equal(outcome.kind, 'sign_in_again');
  const after = read();
  assert.equal(after.claudeAiOauth.accessToken, '');
  assert.deepEqual(after.mcpOAuth, before.mcpOAuth);
  assert.equal(modeOf(location.credentialsFile), 0o600);
});

for (const [name, fault, kind] of [
  ['a 500', { status: 500 }, 'server_error'],
  ['a 429', { status: 429, retryAfterSeconds: 3 }, 'rate_limited'],
  ['a malformed answer', { malformedJson: true }, 'malformed_response'],
] as const) {
  test(`${name} keeps the old credentials and names the cause`, async (t) => {
    const { provider, location } = await signedIn(t);
    const before = fs.readFileSync(location.credentialsFile, 'utf8');
    provider.failNext('token', fault);
    await assert.rejects(refreshLogin(options(provider, location)), (e: OAuthError) => e.kind === kind);
    assert.equal(fs.readFileSync(location.credentialsFile, 'utf8'), before);
  });
}

test('a file rewritten during our refresh (without the refresh lock) wins: compare-and-swap', async (t) => {
  const { provider, location, read } = await signedIn(t);
  provider.failNext('token', { delayMs: 150 });
  const refreshing = refreshLogin(options(provider, location));
  await new Promise((r) => setTimeout(r, 50));
  const theirs = { accessToken: 'sk-ant-oat01-theirs', refreshToken: 'sk-ant-ort01-theirs', expiresAt: Date.now() + 3600_000, scopes: ['user:inference'] };
  await writeLogin(location, theirs);
  const outcome = await refreshing;
  assert.equal(outcome.kind, 'adopted');
  assert.equal(read().claudeAiOauth.refreshToken, 'sk-ant-ort01-theirs');
});

test('a long-lived login is not refreshable', async (t) => {
  const { provider, location } = await signedIn(t);
  await writeLogin(location, { accessToken: 'sk-ant-oat01-longlived', expiresAt: Date.now() + 86400_000, scopes: ['user:inference'] });
  assert.equal((await refreshLogin(options(provider, location))).kind, 'not_refreshable');
});

test('with the CLI refreshing from another process: no double refresh, no lost update, no dead token used', { timeout: 120_000 }, async (t) => {
  const { provider, location, read } = await signedIn(t);
  const ROUNDS = 150;
  const refresher = startCliLikeRefresher(location.configDir, provider.endpoints.tokenUrl, ROUNDS, Date.now() % 1000);

  const ours: Record<RefreshOutcome['kind'], number> = { refreshed: 0, adopted: 0, still_fresh: 0, no_login: 0, not_refreshable: 0, sign_in_again: 0, account_on_hold: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    await new Promise((r) => setTimeout(r, Math.random() * 4));
    // Half the time we act on what we saw a moment ago (possibly stale), half the time we just click.
    const seen = Math.random() < 0.5 ? read().claudeAiOauth.refreshToken : undefined;
    const outcome = await refreshLogin({ ...options(provider, location), seenRefreshToken: seen, maxWaitMs: 30_000 });
    ours[outcome.kind] += 1;
  }
  const theirs = await refresher;

  assert.equal(ours.sign_in_again, 0, 'we never used a dead refresh token');
  assert.equal(theirs.invalidGrants, 0, 'the CLI never met a refresh token we had spent');
  assert.equal(provider.tokenCalls.refresh_token, ours.refreshed + theirs.refreshes, 'every refresh request was needed');
  const final = read();
  assert.equal(final.mcpOAuth.counter, theirs.bumps, 'no update of the other process was lost');
  assert.deepEqual(provider.liveRefreshTokens(), [final.claudeAiOauth.refreshToken], 'exactly one refresh chain is alive: the one in the file');
  assert.ok(ours.refreshed > 10 && theirs.refreshes > 10, `both sides refreshed (${ours.refreshed}/${theirs.refreshes})`);
  t.diagnostic(`ours ${JSON.stringify(ours)}, theirs ${JSON.stringify(theirs)}`);
});
