// A refresh whose lock is broken while the token server is answering: the server has already rotated the refresh
// token, so the new pair must end up in the file (compare-and-swap under the storage-write lock) — otherwise the
// file keeps a spent refresh token and the next refresh meets invalid_grant. The real CLI then reads the result.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { resolveClaudeLocation } from '../../src/credentials/location';
import { legacyRefreshLockPath } from '../../src/engine/store/locks';
import { silentLog } from '../../src/logging/log';
import { refreshLogin } from '../../src/engine/refresh/refreshLogin';
import { finishAttempt, startAttempt } from '../../src/engine/signIn/attempt';
import { CLAUDE_CLI_VERSIONS, claudeAuthStatus } from '../support/claudeCli';
import { startTestProvider } from '../support/oauthProvider';
import { tempDir } from '../support/tempDirs';

test('a refresh lock broken mid-refresh still leaves the rotated pair in the file, and both pinned CLIs are logged in', { timeout: 60_000 }, async (t) => {
  const provider = await startTestProvider();
  t.after(() => provider.close());
  const home = tempDir(t);
  const location = resolveClaudeLocation({}, home);
  fs.mkdirSync(location.configDir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(location.credentialsFile, JSON.stringify({ mcpOAuth: { server: { accessToken: 'mcp' } } }), { mode: 0o600 });
  const attempt = startAttempt(provider.endpoints, 'http://localhost:1234/callback');
  await finishAttempt(attempt, (await provider.approve(attempt.authorizeUrl)).code, { endpoints: provider.endpoints, location, log: silentLog });
  const spent = JSON.parse(fs.readFileSync(location.credentialsFile, 'utf8')).claudeAiOauth.refreshToken as string;

  // The token server takes longer than the legacy lock's update interval (stale 10 s → touched every 5 s) …
  provider.failNext('token', { delayMs: 6_000 });
  const refreshing = refreshLogin({ endpoints: provider.endpoints, location, log: silentLog, http: { timeoutMs: 20_000 } });
  // … and meanwhile another process takes the lock over as stale, as proper-lockfile does: remove and re-create.
  const legacyLock = legacyRefreshLockPath(location);
  await waitFor(() => fs.existsSync(legacyLock));
  await new Promise((resolve) => setTimeout(resolve, 200));
  fs.rmSync(legacyLock, { recursive: true });
  fs.mkdirSync(legacyLock);
  t.after(() => fs.rmSync(legacyLock, { recursive: true, force: true }));

  const outcome = await refreshing;
  assert.equal(outcome.kind, 'refreshed', 'the refresh reports what happened: the tokens were renewed and written');
  const after = JSON.parse(fs.readFileSync(location.credentialsFile, 'utf8'));
  assert.notEqual(after.claudeAiOauth.refreshToken, spent, 'the file does not keep the spent refresh token');
  assert.equal(provider.isRefreshTokenLive(spent), false);
  assert.deepEqual(provider.liveRefreshTokens(), [after.claudeAiOauth.refreshToken], 'the one live refresh token is the one in the file');
  assert.deepEqual(after.mcpOAuth, { server: { accessToken: 'mcp' } });

  for (const cli of CLAUDE_CLI_VERSIONS) {
    const status = await claudeAuthStatus({ home, cli });
    assert.equal(status.exitCode, 0, `${cli}: ${status.run.stderr}`);
    assert.equal(status.json?.loggedIn, true, cli);
  }
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
