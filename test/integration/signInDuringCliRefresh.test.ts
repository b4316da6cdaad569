// A sign-in that finishes while Claude Code is refreshing the old login in another process. The refresher (written
// like Claude Code 2.1.112: under the refresh locks it re-reads, refreshes, and writes the rotated tokens over
// whatever login the file holds by then) must not overwrite the new sign-in with the old chain's tokens.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { resolveClaudeLocation } from '../../src/credentials/location';
import { silentLog, type Log } from '../../src/logging/log';
import { finishAttempt, startAttempt } from '../../src/engine/signIn/attempt';
import { startTestProvider } from '../support/oauthProvider';
import { startCliLikeRefresher } from '../support/cliLikeRefresher';
import { modeOf, tempDir } from '../support/tempDirs';

test('a sign-in written while another process refreshes the old login stays in the file; the refresher’s rotated tokens do not replace it', { timeout: 60_000 }, async (t) => {
  const provider = await startTestProvider();
  t.after(() => provider.close());
  const location = resolveClaudeLocation({}, tempDir(t));
  fs.mkdirSync(location.configDir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(location.credentialsFile, JSON.stringify({ mcpOAuth: { counter: 0 } }), { mode: 0o600 });
  const read = () => JSON.parse(fs.readFileSync(location.credentialsFile, 'utf8'));
  const signIn = async (log: Log = silentLog) => {
    const attempt = startAttempt(provider.endpoints, 'http://localhost:1234/callback');
    const { code } = await provider.approve(attempt.authorizeUrl);
    return finishAttempt(attempt, code, { endpoints: provider.endpoints, location, log });
  };
  const old = (await signIn()).login;

  // The refresher takes the refresh locks, re-reads, and sends the old refresh token; the server holds its answer.
  let answer!: () => void;
  provider.failNext('token', { until: new Promise<void>((resolve) => (answer = resolve)) });
  const refresher = startCliLikeRefresher(location.configDir, provider.endpoints.tokenUrl, 'once');
  await waitFor(() => provider.tokenCalls.refresh_token === 1);

  // Meanwhile a new sign-in finishes. It either writes at once, or says it waits for the refresh in flight.
  let waiting!: () => void;
  const sawWait = new Promise<void>((resolve) => (waiting = resolve));
  const log: Log = { ...silentLog, info: (message: string) => void (/waits for the refresh/.test(message) && waiting()) };
  const signing = signIn(log);
  await Promise.race([signing, sawWait]);

  // The server answers the refresher, which writes the old chain's rotated tokens and lets go of the locks.
  answer();
  const refresherSaw = await refresher;
  const signedIn = await signing;

  const after = read();
  assert.equal(after.claudeAiOauth.refreshToken, signedIn.login.refreshToken, 'the file holds the new sign-in’s refresh token, not the old chain’s rotated one');
  assert.equal(after.claudeAiOauth.accessToken, signedIn.login.accessToken);
  assert.equal(after.mcpOAuth.counter, 1, 'the refresher’s other write was kept');
  assert.equal(modeOf(location.credentialsFile), 0o600);
  assert.equal(provider.isRefreshTokenLive(signedIn.login.refreshToken!), true);
  // What became of the refresher: it spent the old refresh token and wrote the rotated pair, which the sign-in then
  // replaced. That rotated chain is still live at the server, held by nobody on disk (the refresher process has it in
  // memory until it re-reads the file).
  assert.deepEqual({ refreshes: refresherSaw.refreshes, invalidGrants: refresherSaw.invalidGrants }, { refreshes: 1, invalidGrants: 0 });
  assert.equal(provider.isRefreshTokenLive(old.refreshToken!), false, 'the refresher spent the old refresh token');
  assert.equal(provider.liveRefreshTokens().length, 2, 'the new sign-in’s chain and the refresher’s rotated one');
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
