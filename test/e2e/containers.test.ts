// Opening a dev container signs in: one click the first time, zero clicks in every later container, and the
// token a container gets is the long-lived, inference-only kind — never a refresh token shared between machines.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { claudeAuthStatus } from '../support/claudeCli';
import { clickNotificationAction, confirmOpenExternal, nextPage, runCommand, statusBarItem, waitForNotification } from './harness';
import { assertNoSecretsInLogs, credentialsPath, saveScreenshot, startProvider, waitForJson, waitForLog, withSignInWorkbench } from './support';

const OFFER = /Claude Code is not signed in in this container/;

test('a container offers sign-in; "every container" signs it in, and a new container signs in with no click', async (t) => {
  const provider = await startProvider(t);
  // Like the reference devcontainer: CLAUDE_CONFIG_DIR points at a volume outside HOME.
  const volume = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-volume-'));
  t.after(() => fs.rmSync(volume, { recursive: true, force: true }));
  const env = { REMOTE_CONTAINERS: 'true', CLAUDE_CONFIG_DIR: volume };
  await withSignInWorkbench(t, provider, { env }, async ({ server, page, context }) => {
    const file = credentialsPath(server, volume);

    // First container: the offer appears by itself, one click and one approval.
    const opened = nextPage(context);
    await waitForNotification(page, OFFER);
    await saveScreenshot(page, 'container-offer');
    await clickNotificationAction(page, OFFER, 'Sign In Every Container Automatically');
    await confirmOpenExternal(page);
    const consent = await opened;
    assert.equal(new URL(consent.url()).searchParams.get('scope'), 'user:inference');
    await consent.getByRole('button', { name: 'Authorize' }).click();
    const first = await waitForJson(file, (json) => Boolean(json.claudeAiOauth?.accessToken));
    assert.equal('refreshToken' in first.claudeAiOauth, false, 'a container never gets a refresh token');
    assert.deepEqual(first.claudeAiOauth.scopes, ['user:inference']);
    assert.ok(first.claudeAiOauth.expiresAt > Date.now() + 364 * 24 * 3600_000);
    assert.equal(provider.issuedRefreshTokens.length, 0);
    await statusBarItem(page, /Claude 36\dd/).waitFor();

    // A new container: its ~/.claude is gone, the window reloads. No click, no browser page.
    fs.rmSync(file);
    await statusBarItem(page, /Claude: Sign in/).waitFor();
    const pagesBefore = context.pages().length;
    const authorizeBefore = provider.authorizeRequests.length;
    await page.reload();
    const second = await waitForJson(file, (json) => Boolean(json.claudeAiOauth?.accessToken), 60_000);
    await waitForLog(server, /Signed this container in with the stored container token/);
    assert.equal(second.claudeAiOauth.accessToken, first.claudeAiOauth.accessToken);
    assert.equal('refreshToken' in second.claudeAiOauth, false);
    assert.equal(context.pages().length, pagesBefore, 'no browser page opened');
    assert.equal(provider.authorizeRequests.length, authorizeBefore, 'no new authorization');
    await statusBarItem(page, /Claude 36\dd/).waitFor();
    assert.equal(await page.locator('.notification-toast').filter({ hasText: OFFER }).count(), 0, 'no offer this time');

    // Where am I signed in: this container, by the container token; no secret on screen.
    await runCommand(page, 'Claude: Where am I signed in');
    const row = page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'dev container' });
    await row.waitFor();
    const rowText = (await row.textContent()) ?? '';
    assert.match(rowText, /this machine/);
    assert.match(rowText, /container token/);
    assert.doesNotMatch(rowText, /sk-ant-/);
    await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'Forget the container token' }).waitFor();
    await saveScreenshot(page, 'where-am-i-signed-in');
    await page.keyboard.press('Escape');

    // Claude Code accepts the container form.
    const status = await claudeAuthStatus({ home: server.home, configDir: volume });
    assert.equal(status.exitCode, 0, JSON.stringify(status.json));
    assert.equal(status.json?.loggedIn, true);
    assert.equal(fs.existsSync(path.join(server.home, '.claude')), false, 'nothing written to ~/.claude');
    const global = JSON.parse(fs.readFileSync(path.join(volume, '.claude.json'), 'utf8'));
    assert.equal(global.hasCompletedOnboarding, true);
    assertNoSecretsInLogs(server, provider);
  });
});
