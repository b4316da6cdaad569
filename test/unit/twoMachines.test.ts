// Two machines signed in through the browser flow each hold their own refresh chain: refreshing one never
// breaks the other, however the refreshes interleave.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { resolveClaudeLocation } from '../../src/credentials/location.js';
import { silentLog } from '../../src/logging/log.js';
import { refreshLogin } from '../../src/engine/refresh/refreshLogin.js';
import { finishAttempt, startAttempt } from '../../src/engine/signIn/attempt.js';
import { startTestProvider } from '../support/oauthProvider.js';
import { tempDir } from '../support/tempDirs.js';

test('two machines get different refresh tokens and refresh independently', async (t) => {
  const provider = await startTestProvider();
  t.after(() => provider.close());
  const machines = [resolveClaudeLocation({ CLAUDE_CONFIG_DIR: `${tempDir(t)}/a` }, '/nonexistent'), resolveClaudeLocation({}, tempDir(t))];
  for (const location of machines) {
    const attempt = startAttempt(provider.endpoints, 'http://localhost:5555/callback');
    const { code } = await provider.approve(attempt.authorizeUrl);
    await finishAttempt(attempt, code, { endpoints: provider.endpoints, location, log: silentLog });
  }
  const refreshTokenOf = (i: number) => JSON.parse(fs.readFileSync(machines[i].credentialsFile, 'utf8')).claudeAiOauth.refreshToken as string;
  assert.notEqual(refreshTokenOf(0), refreshTokenOf(1));

  for (const i of [0, 0, 1, 0, 1, 1, 0, 1]) {
    const outcome = await refreshLogin({ endpoints: provider.endpoints, location: machines[i], log: silentLog });
    assert.equal(outcome.kind, 'refreshed');
    assert.equal(provider.isRefreshTokenLive(refreshTokenOf(0)), true);
    assert.equal(provider.isRefreshTokenLive(refreshTokenOf(1)), true);
  }
  assert.equal(provider.liveRefreshTokens().length, 2);
});
