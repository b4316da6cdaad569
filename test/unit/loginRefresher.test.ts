// The refresher as the user meets it, against the stand-in VS Code and the local OAuth server: a click renews the
// tokens in the file and the status bar follows; a refresh token the server refused turns the bar to "Sign in again"
// and offers a sign-in; a passing failure is named in the tooltip.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test, type TestContext } from 'node:test';
import { resolveClaudeLocation } from '../../src/credentials/location.js';
import { finishAttempt, startAttempt } from '../../src/engine/signIn/attempt.js';
import { silentLog } from '../../src/logging/log.js';
import { startTestProvider } from '../support/oauthProvider.js';
import { tempDir } from '../support/tempDirs.js';
import * as vscode from '../support/vscodeStandIn.js';

type Ui = {
  engine: typeof import('../../src/engine');
  model: typeof import('../../src/ui/status/loginModel');
  signIns: typeof import('../../src/ui/signIn/signIns');
  refresher: typeof import('../../src/ui/status/autoRefresh');
  bar: typeof import('../../src/ui/status/statusBar');
  approval: typeof import('../../src/ui/signIn/customServerApproval');
};

async function signedInWindow(t: TestContext) {
  vscode.useVscodeStandIn(t);
  const provider = await startTestProvider();
  t.after(() => provider.close());
  const location = resolveClaudeLocation({}, tempDir(t));
  const attempt = startAttempt(provider.endpoints, 'http://localhost:1234/callback');
  const { code } = await provider.approve(attempt.authorizeUrl);
  await finishAttempt(attempt, code, { endpoints: provider.endpoints, location, log: silentLog });
  // The user approved this test server on this machine earlier (what customServerApproval.ts remembers).
  const storage = tempDir(t);
  fs.writeFileSync(path.join(storage, 'approved-oauth-servers.json'), JSON.stringify([provider.origin]));

  /* eslint-disable @typescript-eslint/no-require-imports -- after the vscode stand-in is in place */
  const ui: Ui = {
    engine: require('../../src/engine/index.js'),
    model: require('../../src/ui/status/loginModel.js'),
    signIns: require('../../src/ui/signIn/signIns.js'),
    refresher: require('../../src/ui/status/autoRefresh.js'),
    bar: require('../../src/ui/status/statusBar.js'),
    approval: require('../../src/ui/signIn/customServerApproval.js'),
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  const loadEngine = () => ui.engine;
  const approval = new ui.approval.CustomServerApproval(provider.endpoints, storage, silentLog);
  const model = new ui.model.LoginModel(silentLog, location, loadEngine);
  const signIns = new ui.signIns.SignIns(silentLog, location, provider.endpoints, loadEngine, approval, model);
  const refresher = new ui.refresher.LoginRefresher(silentLog, location, provider.endpoints, loadEngine, approval, model, signIns);
  const bar = new ui.bar.LoginStatusBar(location, provider.endpoints);
  const shown = ui.bar.showLoginOnStatusBar(bar, model, refresher);
  t.after(async () => {
    for (const disposable of [shown, bar, refresher, signIns, model]) disposable.dispose();
    await ui.engine.closeDispatchers();
  });
  await model.start();
  const item = vscode.recorded.statusBarItems.at(-1)!;
  const tooltip = () => (item.tooltip as { value: string }).value.replace(/\\(.)/g, '$1');
  const login = () => JSON.parse(fs.readFileSync(location.credentialsFile, 'utf8')).claudeAiOauth;
  return { provider, refresher, item, tooltip, login };
}

test('a click renews the tokens in the file, and the status bar shows the login with no problem named', async (t) => {
  const { provider, refresher, item, tooltip, login } = await signedInWindow(t);
  const before = login();
  await refresher.refresh('click');
  assert.notEqual(login().refreshToken, before.refreshToken, 'the refresh token rotated');
  assert.equal(login().accessToken, provider.issuedAccessTokens.at(-1));
  assert.match(item.text, /^\$\(pass\) Claude \d+h \d+m$/);
  assert.doesNotMatch(tooltip(), /Last refresh failed/);
});

test('a refresh token the server refused: the bar says "Sign in again" and a warning offers the sign-in', async (t) => {
  const { provider, refresher, item, login } = await signedInWindow(t);
  provider.revokeRefreshToken(login().refreshToken);
  await refresher.refresh('click');
  assert.equal(item.text, '$(error) Claude: Sign in again');
  assert.ok(
    vscode.recorded.messages.some((m) => m.severity === 'warning' && /no longer accepts this login/.test(m.text)),
    'the user is told, with a way to sign in',
  );
});

test('a passing failure (the server is busy) is named in the tooltip, and the login stays as it was', async (t) => {
  const { provider, refresher, tooltip, login } = await signedInWindow(t);
  const before = login();
  provider.failNext('token', { status: 503 });
  await refresher.refresh('click');
  assert.deepEqual(login(), before);
  assert.match(tooltip(), /Last refresh failed: The Claude server had a problem on its side/);
});
