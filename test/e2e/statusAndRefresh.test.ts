// The status bar stays true while Claude Code (or anyone) rewrites the file, and a click refreshes.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { claudeAuthStatus } from '../support/claudeCli';
import { clickNotificationAction, readStatusBarItem, statusBarItem, statusBarTooltip, waitForNotification } from './harness';
import { assertNoSecretsInLogs, credentialsPath, openConsentPage, startProvider, waitForJson, withSignInWorkbench } from './support';

const MIN = 60_000;

/** What Claude Code does: write a temp file and rename it over the credentials file. */
/** `writtenAt`: the file's modification time (epoch ms), set before the rename so that no reader sees another. */
function writeLikeTheCli(file: string, data: unknown, writtenAt?: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.tmp.${process.pid}.${Date.now()}`;
  fs.writeFileSync(temp, JSON.stringify(data), { mode: 0o600 });
  if (writtenAt !== undefined) fs.utimesSync(temp, writtenAt / 1000, writtenAt / 1000);
  fs.renameSync(temp, file);
}

test('the status bar follows the file rewritten from outside, and a click refreshes with rotated tokens', async (t) => {
  const provider = await startProvider(t);
  await withSignInWorkbench(t, provider, {}, async ({ server, page, context }) => {
    const file = credentialsPath(server);
    const consent = await openConsentPage(page, context);
    await consent.getByRole('button', { name: 'Authorize' }).click();
    const signedIn = await waitForJson(file, (json) => Boolean(json.claudeAiOauth?.accessToken));
    const mcp = { mcpOAuth: { 'srv|1': { accessToken: 'mcp' } } };

    // Fresh: a long-lived login with a day left: normal colours.
    writeLikeTheCli(file, { ...mcp, claudeAiOauth: { accessToken: 'sk-ant-oat01-outside', expiresAt: Date.now() + 24 * 60 * MIN + 30_000, scopes: ['user:inference'] } });
    const fresh = statusBarItem(page, /Claude 1d 0h/);
    await fresh.waitFor();
    assert.equal((await readStatusBarItem(fresh)).kind, 'standard');
    // A click on a healthy container token starts no sign-in: it says what the token is and offers the choices.
    const authorizeBefore = provider.authorizeRequests.length;
    await fresh.click();
    const explained = await waitForNotification(page, /This machine uses the container token: a long-lived, inference-only sign-in/);
    assert.deepEqual(await explained.locator('.notification-list-item-buttons-container .monaco-button').allTextContents(), ['Full Sign-In for This Machine', 'Keep the Container Token']);
    await clickNotificationAction(page, /This machine uses the container token/, 'Keep the Container Token');
    assert.equal(provider.authorizeRequests.length, authorizeBefore, 'no browser sign-in started');

    // Near expiry with nothing to refresh it: warning colours, and the tooltip says why.
    writeLikeTheCli(file, { ...mcp, claudeAiOauth: { accessToken: 'sk-ant-oat01-outside', expiresAt: Date.now() + 20 * MIN + 30_000, scopes: ['user:inference'] } });
    const near = statusBarItem(page, /Claude 20m/);
    await near.waitFor();
    assert.equal((await readStatusBarItem(near)).kind, 'warning');
    assert.match(await statusBarTooltip(page, near), /Long-lived token/);

    // Blanked by the CLI after invalid_grant: error colours, "sign in again".
    writeLikeTheCli(file, { ...mcp, claudeAiOauth: { accessToken: '', refreshToken: '', expiresAt: 0, scopes: [] } });
    const blanked = statusBarItem(page, /Claude: Sign in again/);
    await blanked.waitFor();
    assert.equal((await readStatusBarItem(blanked)).kind, 'error');

    // Deleted: signed out.
    fs.rmSync(file);
    await statusBarItem(page, /Claude: Sign in$/).waitFor();

    // Back to the real login, then a click refreshes it: the file shows rotated tokens, the old one is dead.
    writeLikeTheCli(file, signedIn);
    const item = statusBarItem(page, /Claude \d+h \d+m/);
    await item.waitFor();
    await item.click();
    const refreshed = await waitForJson(file, (json) => json.claudeAiOauth?.refreshToken && json.claudeAiOauth.refreshToken !== signedIn.claudeAiOauth.refreshToken);
    assert.equal(refreshed.claudeAiOauth.refreshToken, provider.issuedRefreshTokens.at(-1));
    assert.equal(refreshed.claudeAiOauth.accessToken, provider.issuedAccessTokens.at(-1));
    assert.equal(provider.isRefreshTokenLive(signedIn.claudeAiOauth.refreshToken), false);
    assert.equal(provider.tokenCalls.refresh_token, 1);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);

    // The real CLI still reads it.
    const status = await claudeAuthStatus({ home: server.home });
    assert.equal(status.json?.loggedIn, true);

    // Auto refresh: a login 9 minutes from expiry (inside the 10-minute lead) is renewed without a click. The file was
    // written 8 hours ago: the lead is capped at half a token's lifetime as seen from the last write.
    const nearExpiry = { ...refreshed, claudeAiOauth: { ...refreshed.claudeAiOauth, expiresAt: Date.now() + 9 * MIN } };
    writeLikeTheCli(file, nearExpiry, Date.now() - 8 * 60 * MIN);
    const renewed = await waitForJson(file, (json) => json.claudeAiOauth?.refreshToken && json.claudeAiOauth.refreshToken !== refreshed.claudeAiOauth.refreshToken);
    assert.equal(renewed.claudeAiOauth.refreshToken, provider.issuedRefreshTokens.at(-1));
    assert.ok(renewed.claudeAiOauth.expiresAt > Date.now() + 7 * 60 * MIN);
    assert.equal(provider.tokenCalls.refresh_token, 2);
    assert.deepEqual(renewed.mcpOAuth, refreshed.mcpOAuth);

    // A refresh token the server has revoked: a click turns the status to "sign in again", and the file keeps it.
    provider.revokeAll();
    const before = fs.readFileSync(file, 'utf8');
    await statusBarItem(page, /Claude \d+h \d+m/).click();
    const again = statusBarItem(page, /Claude: Sign in again/);
    await again.waitFor();
    assert.equal((await readStatusBarItem(again)).kind, 'error');
    assert.equal(fs.readFileSync(file, 'utf8'), before);
    assertNoSecretsInLogs(server, provider);
  });
});
