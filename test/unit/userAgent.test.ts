// An honest client: every request — code exchange, profile, refresh, the diagnosis's reachability check — says who
// sends it, `claude-remote-signin/<version from package.json>`, never Claude Code's own User-Agent.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { resolveClaudeLocation } from '../../src/credentials/location.js';
import { checkTokenEndpoint } from '../../src/engine/diagnosis/tokenEndpoint.js';
import { silentLog } from '../../src/logging/log.js';
import { USER_AGENT } from '../../src/engine/transport/http.js';
import { refreshLogin } from '../../src/engine/refresh/refreshLogin.js';
import { finishAttempt, startAttempt } from '../../src/engine/signIn/attempt.js';
import { startTestProvider } from '../support/oauthProvider.js';
import { tempDir } from '../support/tempDirs.js';

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { name: string; version: string };

test('every request carries User-Agent: claude-remote-signin/<version>', async (t) => {
  assert.equal(USER_AGENT, `${manifest.name}/${manifest.version}`);
  const provider = await startTestProvider({});
  t.after(() => provider.close());
  const location = resolveClaudeLocation({}, tempDir(t));
  const attempt = startAttempt(provider.endpoints, 'http://localhost:54545/callback');
  const { code } = await provider.approve(attempt.authorizeUrl);
  await finishAttempt(attempt, code, { endpoints: provider.endpoints, location, log: silentLog });
  const outcome = await refreshLogin({ endpoints: provider.endpoints, location, log: silentLog });
  assert.equal(outcome.kind, 'refreshed');
  await checkTokenEndpoint(provider.endpoints, Date.now());

  const sent = provider.requests.filter((request) => request.path !== '/oauth/authorize');
  assert.deepEqual(
    [...new Set(sent.map((request) => `${request.method} ${request.path}`))].sort(),
    ['GET /api/oauth/profile', 'GET /v1/oauth/token', 'POST /v1/oauth/token'],
    'code exchange, profile, refresh and the diagnosis check were all sent',
  );
  for (const request of sent) {
    assert.equal(request.headers['user-agent'], `claude-remote-signin/${manifest.version}`, `${request.method} ${request.path}`);
  }
});
