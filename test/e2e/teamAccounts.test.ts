// Team and Enterprise sign-in and the other ways in and out of a login, end to end: "Sign in with SSO / another
// account…" sends login_hint and login_method=sso and remembers the e-mail; the Accounts menu's Sign Out; another
// extension asking for the Claude session through VS Code's consent prompt; the walkthrough in Chinese.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import {
  chineseLanguagePackStub,
  clickDialogButton,
  confirmOpenExternal,
  nextPage,
  quickInputSubmit,
  quickInputType,
  quickPick,
  runCommand,
  sessionProbeExtension,
  SESSION_PROBE_COMMAND_TITLE,
  statusBarItem,
  waitForQuickInput,
  webviewShowing,
} from './harness';
import { assertNoSecretsInLogs, credentialsPath, startProvider, waitForJson, withSignInWorkbench } from './support';

const SSO_COMMAND = 'Claude: Sign in with SSO / another account…';
const OTHER_KEYS = { mcpOAuth: { 'srv|1': { accessToken: 'mcp-secret' } } };

/** A .vsix packed for this test, removed with it. */
async function testExtension(t: { after(fn: () => void): void }, pack: () => Promise<string>): Promise<string> {
  const vsix = await pack();
  t.after(() => fs.rmSync(path.dirname(vsix), { recursive: true, force: true }));
  return vsix;
}

/** The quick input's text field, as the user sees it. */
const inputValue = (page: Page): Promise<string> => page.locator('.quick-input-widget .quick-input-box input').inputValue();

test('SSO: the e-mail and login_method=sso reach the sign-in page, the e-mail is offered next time; the Accounts menu signs out', async (t) => {
  const provider = await startProvider(t);
  await withSignInWorkbench(t, provider, {}, async ({ server, page, context }) => {
    const file = credentialsPath(server);
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, JSON.stringify(OTHER_KEYS), { mode: 0o600 });
    await statusBarItem(page, /Claude: Sign in/).waitFor();

    const opened = nextPage(context);
    await runCommand(page, SSO_COMMAND);
    await quickPick(page, 'Single sign-on (SSO)');
    await waitForQuickInput(page, /e-mail address of the Claude account/);
    assert.equal(await inputValue(page), '', 'nothing to offer on the first time');
    await quickInputType(page, 'not an e-mail');
    await page.locator('.quick-input-message', { hasText: 'Enter an e-mail address' }).waitFor();
    await quickInputType(page, 'dev@example.com');
    await quickInputSubmit(page);
    await confirmOpenExternal(page);
    const consent = await opened;
    await consent.getByRole('heading', { name: /Authorize/ }).waitFor();

    const authorize = provider.authorizeRequests.at(-1)!;
    assert.equal(authorize.login_hint, 'dev@example.com');
    assert.equal(authorize.login_method, 'sso');
    assert.deepEqual(Object.keys(authorize).slice(-3), ['state', 'login_hint', 'login_method'], 'after state, in the CLI’s order');
    assert.equal(authorize.orgUUID, undefined, 'no managed settings pin an organization here');

    await consent.getByRole('button', { name: 'Authorize' }).click({ noWaitAfter: true });
    await waitForJson(file, (json) => Boolean(json.claudeAiOauth?.accessToken));
    await statusBarItem(page, /Claude \d+h \d+m/).waitFor();
    // Every request the extension host sent says who sent it.
    const sent = provider.requests.filter((request) => request.path === '/v1/oauth/token' || request.path === '/api/oauth/profile');
    assert.ok(sent.length >= 2);
    for (const request of sent) assert.match(request.headers['user-agent'] ?? '', /^claude-remote-signin\/\d+\.\d+\.\d+$/, request.path);

    // The next time, the e-mail last used on this machine is filled in.
    await runCommand(page, SSO_COMMAND);
    await quickPick(page, 'Another account');
    await waitForQuickInput(page, /e-mail address of the Claude account/);
    assert.equal(await inputValue(page), 'dev@example.com');
    await page.keyboard.press('Escape');

    // The Accounts menu: the account's own submenu → Sign Out, confirmed in VS Code's dialog.
    await page.locator('.activitybar .action-item a[aria-label^="Accounts"]').click();
    await page.locator('.monaco-menu .action-label', { hasText: /dev@example\.com \(Claude\)/ }).hover();
    await page.locator('.monaco-menu .action-label', { hasText: /^Sign Out$/ }).click();
    await clickDialogButton(page, /dev@example\.com/, 'Sign Out');
    await statusBarItem(page, /Claude: Sign in$/).waitFor();
    assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), OTHER_KEYS, 'only the login is gone');
    assertNoSecretsInLogs(server, provider);
  });
});

test('another extension asks for the Claude session: VS Code’s consent prompt; Cancel gives none, Allow signs in and gives it', async (t) => {
  const provider = await startProvider(t);
  const probe = await testExtension(t, sessionProbeExtension);
  await withSignInWorkbench(t, provider, { extensions: [probe] }, async ({ server, page, context }) => {
    const answer = path.join(server.home, 'session-probe.txt');
    await statusBarItem(page, /Claude: Sign in/).waitFor();
    const consentPrompt = /The extension 'Session Probe' wants to sign in using Claude/;

    await runCommand(page, SESSION_PROBE_COMMAND_TITLE);
    await clickDialogButton(page, consentPrompt, 'Cancel');
    await waitFor(() => fs.existsSync(answer));
    assert.match(fs.readFileSync(answer, 'utf8'), /^none/);
    fs.rmSync(answer);

    const opened = nextPage(context);
    await runCommand(page, SESSION_PROBE_COMMAND_TITLE);
    await clickDialogButton(page, consentPrompt, 'Allow');
    await confirmOpenExternal(page);
    const consent = await opened;
    await consent.getByRole('button', { name: 'Authorize' }).click({ noWaitAfter: true });
    await waitFor(() => fs.existsSync(answer), 30_000);
    assert.equal(fs.readFileSync(answer, 'utf8'), 'label: dev@example.com');
    await waitForJson(credentialsPath(server), (json) => Boolean(json.claudeAiOauth?.accessToken));
  });
});

test('in Chinese: the walkthrough pages are the zh-cn ones, and the extension speaks Chinese', async (t) => {
  const provider = await startProvider(t);
  const languagePack = await testExtension(t, chineseLanguagePackStub);
  await withSignInWorkbench(t, provider, { extensions: [languagePack], locale: 'zh-cn', statusBarItem: /Claude: 登录/ }, async ({ page }) => {
    await runCommand(page, 'Welcome: Open Walkthrough...');
    await quickPick(page, 'Claude 远程登录入门');
    // The step's Markdown renders in a webview.
    await webviewShowing(page, '在代码运行的地方登录');
    await page.locator('.getting-started-step', { hasText: '查看并刷新登录状态' }).click();
    await webviewShowing(page, '知道它何时到期');
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
