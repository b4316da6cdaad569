// VS Code citizenship: the login in the Accounts menu, sign-out that keeps other keys, and a diagnosis that names
// the real cause without leaking a secret.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { clickDialogButton, clickNotificationAction, readAllLogs, readStatusBarItem, runCommand, statusBarItem, statusBarTooltip, waitForNotification } from './harness';
import { assertNoSecretsInLogs, credentialsPath, openConsentPage, saveScreenshot, startProvider, waitForJson, withSignInWorkbench } from './support';

test('the Accounts menu shows the login; Claude: Sign out keeps mcpOAuth and the status bar says signed out', async (t) => {
  const provider = await startProvider(t);
  await withSignInWorkbench(t, provider, {}, async ({ server, page, context }) => {
    const file = credentialsPath(server);
    fs.mkdirSync(`${server.home}/.claude`, { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, JSON.stringify({ mcpOAuth: { 'srv|1': { accessToken: 'mcp-secret' } } }), { mode: 0o600 });
    const consent = await openConsentPage(page, context);
    await saveScreenshot(consent, 'consent-page');
    await consent.getByRole('button', { name: 'Authorize' }).click();
    await waitForJson(file, (json) => Boolean(json.claudeAiOauth?.accessToken));
    const item = statusBarItem(page, /Claude \d+h \d+m/);
    await item.waitFor();
    await item.hover();
    await page.locator('.monaco-hover').filter({ hasText: 'dev@example.com' }).waitFor();
    await saveScreenshot(page, 'status-bar-signed-in', page.locator('.monaco-hover').filter({ hasText: 'dev@example.com' }), item);
    await page.mouse.move(0, 0);

    // The Accounts menu lists the account from our authentication provider; the sign-in request it showed while
    // signed out is gone.
    await page.locator('.activitybar .action-item a[aria-label="Accounts"]').click();
    await page.locator('.monaco-menu .action-label', { hasText: /dev@example\.com \(Claude\)/ }).waitFor();
    await saveScreenshot(page, 'accounts-menu', page.locator('.monaco-menu').filter({ hasText: 'dev@example.com' }), page.locator('.activitybar .action-item').filter({ has: page.locator('a[aria-label^="Accounts"]') }));
    await page.keyboard.press('Escape');

    await runCommand(page, 'Claude: Sign out');
    await clickDialogButton(page, /Sign Claude Code out on this machine/, 'Sign Out');
    await statusBarItem(page, /Claude: Sign in$/).waitFor();
    const after = JSON.parse(fs.readFileSync(file, 'utf8'));
    assert.deepEqual(after, { mcpOAuth: { 'srv|1': { accessToken: 'mcp-secret' } } });

    // Signed out, the Accounts menu offers the way back in, as VS Code's own providers do (its badge says so).
    await page.locator('.activitybar .action-item').filter({ has: page.locator('a[aria-label="Accounts - Sign in requested"]') }).click();
    await page.locator('.monaco-menu .action-label', { hasText: /Sign in with Claude/ }).waitFor();
    await page.keyboard.press('Escape');
    assertNoSecretsInLogs(server, provider);
  });
});

test('Diagnose sign-in names CLAUDE_CODE_OAUTH_TOKEN as the cause, and the report holds no secret', async (t) => {
  const provider = await startProvider(t);
  const envToken = 'sk-ant-oat01-FROM-THE-ENVIRONMENT-0123456789abcdefghijklmnop';
  await withSignInWorkbench(t, provider, { env: { CLAUDE_CODE_OAUTH_TOKEN: envToken } }, async ({ page, context, server }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    // The status bar already says it: a warning whose tooltip names what `claude` uses instead, never its value.
    const warning = statusBarItem(page, /Claude: Sign in/);
    await warning.waitFor();
    assert.equal((await readStatusBarItem(warning)).kind, 'warning');
    const tooltip = await statusBarTooltip(page, warning);
    assert.match(tooltip, /Claude Code here uses CLAUDE_CODE_OAUTH_TOKEN, not this sign-in/);
    assert.match(tooltip, /environment of the VS Code server/);
    assert.ok(!tooltip.includes('FROM-THE-ENVIRONMENT'));
    await page.keyboard.press('Escape');
    await runCommand(page, 'Claude: Diagnose sign-in');
    const toast = await waitForNotification(page, /Most likely cause: CLAUDE_CODE_OAUTH_TOKEN is set: Claude Code uses it and ignores the sign-in/);
    // Rendered in VS Code's Markdown preview (a webview), not an editable document that asks to be saved.
    const preview = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    await preview.locator('h1', { hasText: 'Claude sign-in diagnosis' }).waitFor();
    assert.match((await preview.locator('h3').first().innerText()).trim(), /^CLAUDE_CODE_OAUTH_TOKEN is set/, 'the title, with no emoji before it');
    assert.equal(await page.locator('.tabs-container .tab.dirty').count(), 0, 'nothing to save on close');
    assert.equal(await page.locator('.tabs-container .tab', { hasText: /^Untitled/ }).count(), 0);
    await saveScreenshot(page, 'diagnose-report', page.locator('.tab.active'), preview.locator('p', { hasText: 'How to fix' }).first());
    assert.ok(toast);
    await clickNotificationAction(page, /Most likely cause/, 'Copy Report');
    let report = '';
    for (let i = 0; i < 50 && !report.includes('# Claude sign-in diagnosis'); i++) {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of any shape
      report = await page.evaluate(() => (globalThis as any).navigator.clipboard.readText());
      await page.waitForTimeout(100);
    }
    assert.match(report, /^# Claude sign-in diagnosis/);
    const firstFinding = report.split('\n').find((line) => line.startsWith('### '));
    assert.match(firstFinding ?? '', /CLAUDE_CODE_OAUTH_TOKEN is set/);
    assert.match(report, /`env_oauth_token_in_use`/);
    assert.ok(!report.includes('FROM-THE-ENVIRONMENT'), 'the variable’s value never appears');
    assert.doesNotMatch(report, /sk-ant-oat01-[A-Za-z0-9]/);
    assert.ok(![...readAllLogs(server).values()].some((log) => log.includes('FROM-THE-ENVIRONMENT')), 'nor in any log');
  });
});
