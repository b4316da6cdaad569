// Secrets are redacted by value wherever text leaves the core: tokens of any shape (a custom server's too),
// authorization codes, PKCE verifiers and state — even when a server echoes them in its error_description.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { resolveClaudeLocation } from '../../src/credentials/location';
import { describeError, redactingLog, type Log } from '../../src/logging/log';
import { refreshLogin } from '../../src/engine/refresh/refreshLogin';
import { finishAttempt, startAttempt } from '../../src/engine/signIn/attempt';
import { startTestProvider } from '../support/oauthProvider';
import { tempDir } from '../support/tempDirs';

function recordingLog(): { log: Log; lines: string[] } {
  const lines: string[] = [];
  const record = (message: string): void => void lines.push(message);
  return { log: redactingLog({ trace: record, debug: record, info: record, warn: record, error: record }), lines };
}

function assertFreeOf(text: string, secrets: readonly string[], where: string): void {
  for (const secret of secrets) assert.ok(!text.includes(secret), `${where} contains a secret (${secret.slice(0, 4)}…)`);
}

test('a server that echoes the code exchange (code, verifier, state) in its error never gets them into a message or the log', async (t) => {
  const provider = await startTestProvider({ opaqueTokens: true });
  t.after(() => provider.close());
  const location = resolveClaudeLocation({}, tempDir(t));
  const { log, lines } = recordingLog();
  const attempt = startAttempt(provider.endpoints, 'http://localhost:1234/callback');
  const { code } = await provider.approve(attempt.authorizeUrl);
  provider.failNext('token', { status: 400, echoRequestBody: true });
  const error = await finishAttempt(attempt, code, { endpoints: provider.endpoints, location, log }).then(
    () => assert.fail('the exchange must fail'),
    (e: unknown) => e,
  );
  const secrets = [code, attempt.codeVerifier, attempt.state];
  assert.match(String((error as Error).message), /Could not process/, 'the server’s description is still shown');
  assertFreeOf((error as Error).message, secrets, 'the error message');
  log.error(`Sign-in failed: ${describeError(error)}`);
  assertFreeOf(lines.join('\n'), secrets, 'the log');
  assert.equal(fs.existsSync(location.credentialsFile), false);
});

test('a custom server’s opaque refresh token echoed in a refresh error is redacted; so is its access token in the log', async (t) => {
  const provider = await startTestProvider({ opaqueTokens: true });
  t.after(() => provider.close());
  const location = resolveClaudeLocation({}, tempDir(t));
  const { log, lines } = recordingLog();
  const attempt = startAttempt(provider.endpoints, 'http://localhost:1234/callback');
  await finishAttempt(attempt, (await provider.approve(attempt.authorizeUrl)).code, { endpoints: provider.endpoints, location, log });
  const login = JSON.parse(fs.readFileSync(location.credentialsFile, 'utf8')).claudeAiOauth;
  assert.doesNotMatch(login.refreshToken, /^sk-ant-/, 'the provider issues tokens of no known shape');

  provider.failNext('token', { status: 400, echoRequestBody: true });
  const error = await refreshLogin({ endpoints: provider.endpoints, location, log }).then(
    () => assert.fail('the refresh must fail'),
    (e: unknown) => e,
  );
  assertFreeOf((error as Error).message, [login.refreshToken], 'the error message');
  log.warn(`Refresh failed: ${describeError(error)} (access ${login.accessToken})`);
  assertFreeOf(lines.join('\n'), [login.refreshToken, login.accessToken], 'the log');
});
