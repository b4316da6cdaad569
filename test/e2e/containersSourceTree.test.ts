// Containers D and E: a repository that puts CLAUDE_CONFIG_DIR in the checkout never gets the token by itself (the
// message names why; written once on the user's click); removing the container token is honest about what it cannot
// take back; with no token left the next container offers again, and "Don't Ask Again" holds past a reload.
// (containerSteps.ts)
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { clickDialogButton, clickNotificationAction, openWorkbench, quickPick, runCommand, statusBarItem, waitForNotification } from './harness';
import { assertNoSecretsInLogs, credentialsPath, startProvider, waitForJson, withSignInWorkbench } from './support';
import {
  assertClaudeAccepts,
  assertUsersPrivateFile,
  INSIDE_WORKSPACE,
  OFFER,
  runAs,
  takeTheContainerToken,
  volumeIn,
  waitFor,
} from './containerSteps';

test(`never into the source tree by itself, as ${runAs?.user ?? 'you'}; removing the token; Don't Ask Again holds`, async (t) => {
  const provider = await startProvider(t);
  await withSignInWorkbench(t, provider, { runAs, env: { REMOTE_CONTAINERS: 'true' } }, async (session) => {
    const { server, page, context } = session;
    const { token } = await takeTheContainerToken(session, provider);

    // ---- D: the repository put CLAUDE_CONFIG_DIR in the checkout: never written by itself --------------------
    await server.newContainer({ env: ({ workspaceDir }) => ({ CLAUDE_CONFIG_DIR: path.join(workspaceDir, '.cache', 'cc') }) });
    const configD = path.join(server.workspaceDir, '.cache', 'cc');
    const fileD = credentialsPath(server, configD);
    await openWorkbench(context, server.url, server.workspaceDir);
    const warning = await waitForNotification(page, INSIDE_WORKSPACE);
    const warningText = (await warning.textContent()) ?? '';
    assert.ok(warningText.includes(configD) && warningText.includes(server.workspaceDir), 'the message names both folders');
    assert.match(warningText, /committed/);
    assert.equal(fs.existsSync(fileD), false, 'not written into the source tree by itself');
    await clickNotificationAction(page, INSIDE_WORKSPACE, 'Write It Here Once');
    await waitForJson(fileD, (json) => json.claudeAiOauth?.accessToken === token);
    assertUsersPrivateFile(fileD, server);
    const writtenOnce = fs.readFileSync(fileD, 'utf8');

    // Removing the container token: honest that containers keep it, and offers to remove it here too.
    await runCommand(page, 'Claude: Where am I signed in');
    await quickPick(page, 'Remove the container token');
    await page.locator('.monaco-dialog-box').filter({ hasText: 'sign out of other sessions in your Claude account settings' }).waitFor();
    await clickDialogButton(page, /Remove the container token/, 'Remove Token');
    await clickNotificationAction(page, /This container still has it/, 'Remove It From This Container Too');
    await waitForJson(fileD, (json) => !('claudeAiOauth' in json));

    // ---- E: with no container token left, the next container offers again; "Don't Ask Again" holds past a reload
    await server.newContainer({ env: ({ home }) => ({ CLAUDE_CONFIG_DIR: volumeIn(home) }) });
    await openWorkbench(context, server.url, server.workspaceDir);
    await clickNotificationAction(page, OFFER, 'Don’t Ask Again');
    const userSettings = path.join(server.userDataDir, 'User', 'settings.json');
    await waitFor(() => /"claudeRemoteSignIn\.containerSignIn":\s*"off"/.test(fs.existsSync(userSettings) ? fs.readFileSync(userSettings, 'utf8') : ''));
    await openWorkbench(context, server.url, server.workspaceDir); // the next reload
    await statusBarItem(page, /Claude/).waitFor();
    await page.waitForTimeout(4_000); // the offer would have come by now
    assert.equal(await page.locator('.notification-toast').filter({ hasText: OFFER }).count(), 0, 'no offer after Don’t Ask Again');

    await assertClaudeAccepts(t, [{ what: 'D: written into the checkout on the user’s click', bytes: writtenOnce }], token);
    assertNoSecretsInLogs(server, provider);
  });
});
