// Containers A and B: a trusted container offers both ways and "every container" is one approval; the next container
// signs in with no click; when Claude Code blanks or deletes the login the token is back within seconds, once per
// change; blanked again right after, it is offered for renewal instead of written in a loop. (containerSteps.ts)
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { openWorkbench, runCommand, statusBarItem, waitForNotification } from './harness';
import { assertNoSecretsInLogs, credentialsPath, saveScreenshot, startProvider, waitForJson, withSignInWorkbench } from './support';
import {
  assertClaudeAccepts,
  assertUsersPrivateFile,
  blankLikeTheCli,
  OFFER,
  RENEWAL_OFFER,
  runAs,
  takeTheContainerToken,
  volumeIn,
  writtenOutside,
} from './containerSteps';

test(`every container, as ${runAs?.user ?? 'you'}: one approval, then new containers sign in with no click and get a lost token back once`, async (t) => {
  const provider = await startProvider(t);
  await withSignInWorkbench(t, provider, { runAs, env: { REMOTE_CONTAINERS: 'true' } }, async (session) => {
    const { server, page, context } = session;
    const written: { what: string; bytes: string; bearer?: boolean }[] = [];
    const keep = (what: string, file: string, bearer = false) => written.push({ what, bytes: fs.readFileSync(file, 'utf8'), bearer });
    const before = writtenOutside(server);

    // ---- A: a trusted container offers both ways; "every container" is one approval -----------------------
    const fileA = credentialsPath(server);
    const { token, login } = await takeTheContainerToken(session, provider, async (offer) => {
      assert.match((await offer.textContent()) ?? '', /Remote Control and claude\.ai connectors need a full sign-in/, 'the offer says what the token cannot do');
      for (const button of ['Every Container', 'Full Sign-In Here', 'Don’t Ask Again']) {
        const label = offer.locator('.notification-list-item-buttons-container .monaco-button', { hasText: button });
        assert.ok(await label.evaluate((element) => element.scrollWidth <= element.clientWidth), `"${button}" is shown whole`);
      }
      await saveScreenshot(page, 'container-offer', page.locator('.notification-toast').filter({ hasText: OFFER }));
    });
    assertUsersPrivateFile(fileA, server);
    keep('A: signed in through the offer', fileA);
    const authorizations = provider.authorizeRequests.length;

    // ---- B: a new container signs in with no click, and gets the token back when Claude Code loses it --------
    await server.newContainer({ env: ({ home }) => ({ CLAUDE_CONFIG_DIR: volumeIn(home) }) });
    const fileB = credentialsPath(server, volumeIn(server.home));
    const pagesBefore = context.pages().length;
    await openWorkbench(context, server.url, server.workspaceDir);
    const second = await waitForJson(fileB, (json) => json.claudeAiOauth?.accessToken === token, 60_000);
    assert.equal('refreshToken' in second.claudeAiOauth, false);
    await statusBarItem(page, /Claude 36\dd/).waitFor();
    assert.equal(context.pages().length, pagesBefore, 'no browser page opened');
    assert.equal(provider.authorizeRequests.length, authorizations, 'no new authorization');
    assert.equal(await page.locator('.notification-toast').filter({ hasText: OFFER }).count(), 0, 'no offer this time');
    assertUsersPrivateFile(fileB, server);
    assert.equal(JSON.parse(fs.readFileSync(path.join(volumeIn(server.home), '.claude.json'), 'utf8')).hasCompletedOnboarding, true);
    assert.equal(fs.existsSync(path.join(server.home, '.claude')), false, 'nothing written to ~/.claude');
    keep('B: signed in with no click', fileB);

    // Where am I signed in: which containers got the token, and when; no secret on screen.
    await runCommand(page, 'Claude: Where am I signed in');
    const row = page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'this machine' }).filter({ hasText: 'dev container' });
    await row.waitFor();
    const rowText = (await row.textContent()) ?? '';
    assert.match(rowText, /dev container/);
    assert.match(rowText, /got the container token/);
    assert.ok(rowText.includes(volumeIn(server.home)));
    assert.equal(await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'got the container token' }).count(), 2, 'A and B got it');
    assert.doesNotMatch(rowText, /sk-ant-/);
    await saveScreenshot(page, 'where-am-i-signed-in', page.locator('.quick-input-widget'));
    await page.keyboard.press('Escape');

    // Claude Code blanks the login after the server refused it — in place, keeping its other keys.
    fs.writeFileSync(fileB, JSON.stringify({ ...second, mcpOAuth: { 'srv|1': { accessToken: 'mcp-token-kept' } } }));
    await waitForJson(fileB, (json) => json.mcpOAuth !== undefined);
    let lostAt = Date.now();
    blankLikeTheCli(fileB);
    const restored = await waitForJson(fileB, (json) => json.claudeAiOauth?.accessToken === token, 10_000);
    t.diagnostic(`blanked → written back in ${Date.now() - lostAt} ms`);
    assert.deepEqual(restored.mcpOAuth, { 'srv|1': { accessToken: 'mcp-token-kept' } }, 'every other key kept');
    assert.equal('refreshToken' in restored.claudeAiOauth, false, 'the blank "" refresh token is not kept');
    assert.equal(restored.claudeAiOauth.expiresAt, login.expiresAt);
    assertUsersPrivateFile(fileB, server);
    keep('B: written back after the CLI blanked it', fileB, true);

    // The file deleted.
    lostAt = Date.now();
    fs.rmSync(fileB);
    await waitForJson(fileB, (json) => json.claudeAiOauth?.accessToken === token, 10_000);
    t.diagnostic(`deleted → written back in ${Date.now() - lostAt} ms`);
    assertUsersPrivateFile(fileB, server);
    keep('B: written back after the file was deleted', fileB);

    // Blanked again right after a write-back: the token no longer works. One offer to renew, no write loop.
    blankLikeTheCli(fileB);
    await waitForNotification(page, RENEWAL_OFFER, 15_000);
    await page.waitForTimeout(2500);
    assert.equal(JSON.parse(fs.readFileSync(fileB, 'utf8')).claudeAiOauth.accessToken, '', 'not written back again');
    assert.deepEqual(writtenOutside(server), before, 'nothing was written outside the users’ homes');

    await assertClaudeAccepts(t, written, token);
    assertNoSecretsInLogs(server, provider);
  });
});
