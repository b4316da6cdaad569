// Container C, in Restricted Mode: the container token is not read — it is nowhere in the extension host's memory —
// and nothing is written until the folder is trusted through the UI; then it is written with no other click, and
// `claude /logout` there stays a logout. (containerSteps.ts)
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { openWorkbench, statusBarItem, waitForNotification } from './harness';
import { assertNoSecretsInLogs, credentialsPath, startProvider, waitForJson, waitForLog, withSignInWorkbench } from './support';
import {
  assertClaudeAccepts,
  assertUsersPrivateFile,
  extensionHostMemoryHolds,
  notTheUsers,
  RESTRICTED_OFFER,
  runAs,
  takeTheContainerToken,
  volumeIn,
  waitFor,
  writtenOutside,
} from './containerSteps';

test(`Restricted Mode, as ${runAs?.user ?? 'you'}: the container token stays out of the container until the folder is trusted`, async (t) => {
  const provider = await startProvider(t);
  await withSignInWorkbench(t, provider, { runAs, env: { REMOTE_CONTAINERS: 'true' } }, async (session) => {
    const { server, page, context } = session;
    const before = writtenOutside(server);
    const { token } = await takeTheContainerToken(session, provider);

    await server.newContainer({ workspaceTrust: true, env: ({ home }) => ({ CLAUDE_CONFIG_DIR: volumeIn(home) }) });
    const fileC = credentialsPath(server, volumeIn(server.home));
    await openWorkbench(context, server.url, server.workspaceDir);
    const restricted = statusBarItem(page, /Restricted Mode/);
    await restricted.waitFor();
    await waitForNotification(page, RESTRICTED_OFFER);
    assert.equal(fs.existsSync(fileC), false, 'nothing written in Restricted Mode');
    assert.equal(extensionHostMemoryHolds(token), false, 'the container token is not in the extension host’s memory');

    await restricted.click();
    await page.getByRole('button', { name: 'Trust', exact: true }).first().click();
    await waitForJson(fileC, (json) => json.claudeAiOauth?.accessToken === token, 15_000);
    assertUsersPrivateFile(fileC, server);
    const writtenOnTrust = fs.readFileSync(fileC, 'utf8');

    // `claude /logout` deletes the file and clears the onboarding flag: signed out on purpose, not put back.
    const globalC = path.join(volumeIn(server.home), '.claude.json');
    // The onboarding flag is merged right after the credentials are written: wait for it, as the CLI would find it.
    await waitFor(() => fs.existsSync(globalC));
    fs.rmSync(fileC);
    fs.writeFileSync(globalC, JSON.stringify({ ...JSON.parse(fs.readFileSync(globalC, 'utf8')), hasCompletedOnboarding: false }, null, 2));
    await waitForLog(server, /Not putting the container token back: signed_out_in_claude/);
    assert.equal(fs.existsSync(fileC), false, 'a logout in Claude Code stays a logout');
    assert.deepEqual(notTheUsers(server), [], 'everything in the home is the user’s');
    assert.deepEqual(writtenOutside(server), before, 'nothing was written outside the users’ homes');

    await assertClaudeAccepts(t, [{ what: 'C: written once the folder was trusted', bytes: writtenOnTrust }], token);
    assertNoSecretsInLogs(server, provider);
  });
});
