// Containers sign in by consent, never by surprise, and recover by themselves — run as a dev container's own
// unprivileged user (`vscode`), not root. One code-server stands in for a row of containers: each "new container"
// keeps the user-data-dir, the browser profile and the port (so VS Code's secret storage, which lives in the
// browser, still holds the container token) and gets a fresh HOME, CLAUDE_CONFIG_DIR and folder (harness
// CodeServer.newContainer). Four workbench starts:
//   A  trusted, ~/.claude: the offer → "every container" → one approval → token written.
//   B  trusted, CLAUDE_CONFIG_DIR on a volume-like folder: signed in with no click; Claude Code blanks the file, then
//      deletes it: the token is back within 10 s each time; blanked again right after: an offer to renew, no loop.
//   C  Restricted Mode: nothing written until trust is granted through the UI, then written with no other click;
//      `claude /logout` there stays a logout.
//   D  CLAUDE_CONFIG_DIR inside the workspace folder: not written by itself, the message names why; written once on
//      the user's click; removing the container token is honest about what it cannot take back.
//   E  no token left: the next container offers again; "Don't Ask Again" sets the setting and holds past a reload.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test, type TestContext } from 'node:test';
import { CLAUDE_CLI_VERSIONS, claudeAuthStatus, claudeBearerCheck } from '../support/claudeCli';
import { tempDir } from '../support/tempDirs';
import {
  clickDialogButton,
  clickNotificationAction,
  confirmOpenExternal,
  nextPage,
  openWorkbench,
  runCommand,
  statusBarItem,
  TEST_USER,
  waitForNotification,
  quickPick,
  type CodeServer,
} from './harness';
import { assertNoSecretsInLogs, credentialsPath, saveScreenshot, startProvider, waitForJson, waitForLog, withSignInWorkbench } from './support';

// Run by an ordinary user already (a workstation), the test runs code-server as that user: it never skips.
const runAs = process.getuid?.() === 0 ? { user: TEST_USER } : undefined;

const OFFER = /Claude Code in this container is not signed in\. Every container/;
const RESTRICTED_OFFER = /This folder is in Restricted Mode, so Claude Code was not signed in here/;
const INSIDE_WORKSPACE = /is inside the workspace folder/;
const RENEWAL_OFFER = /dropped the container token again right after it was written back/;

/** Like the README's devcontainer.json: CLAUDE_CONFIG_DIR on a named volume in the user's home, outside the checkout. */
const volumeIn = (home: string) => path.join(home, '.claude-config');

test(`containers sign in by consent, as ${runAs?.user ?? 'you'}: trust decides, never into the source tree, and a lost token comes back`, async (t) => {
  const provider = await startProvider(t);
  await withSignInWorkbench(t, provider, { runAs, env: { REMOTE_CONTAINERS: 'true' } }, async ({ server, page, context }) => {
    const { uid } = server.user;
    const owner = `${uid}:${server.user.gid}`;
    const written: { what: string; bytes: string }[] = [];
    const keep = (what: string, file: string) => written.push({ what, bytes: fs.readFileSync(file, 'utf8') });
    const outsideHomes = () => writtenOutside(server);
    const before = outsideHomes();

    // ---- A: a trusted container offers both ways; "every container" is one approval -----------------------
    const fileA = credentialsPath(server);
    const offer = await waitForNotification(page, OFFER);
    const offerText = (await offer.textContent()) ?? '';
    assert.match(offerText, /Remote Control and claude\.ai connectors need a full sign-in/, 'the offer says what the token cannot do');
    for (const button of ['Every Container', 'Full Sign-In Here', 'Don’t Ask Again']) {
      const label = offer.locator('.notification-list-item-buttons-container .monaco-button', { hasText: button });
      assert.ok(await label.evaluate((element) => element.scrollWidth <= element.clientWidth), `"${button}" is shown whole`);
    }
    await saveScreenshot(page, 'container-offer', page.locator('.notification-toast').filter({ hasText: OFFER }));
    const opened = nextPage(context);
    await clickNotificationAction(page, OFFER, 'Every Container');
    await confirmOpenExternal(page);
    const consent = await opened;
    assert.equal(new URL(consent.url()).searchParams.get('scope'), 'user:inference');
    await consent.getByRole('button', { name: 'Authorize' }).click();
    const first = await waitForJson(fileA, (json) => Boolean(json.claudeAiOauth?.accessToken));
    const token: string = first.claudeAiOauth.accessToken;
    assert.equal('refreshToken' in first.claudeAiOauth, false, 'a container never gets a refresh token');
    assert.deepEqual(first.claudeAiOauth.scopes, ['user:inference']);
    assert.ok(first.claudeAiOauth.expiresAt > Date.now() + 364 * 24 * 3600_000);
    assert.equal(provider.issuedRefreshTokens.length, 0);
    await waitForNotification(page, /new containers will sign in by themselves/);
    await statusBarItem(page, /Claude 36\dd/).waitFor();
    assertUsersPrivateFile(fileA, owner);
    keep('A: signed in through the offer', fileA);
    const authorizations = provider.authorizeRequests.length;
    // The machine list is kept in secret storage (in the browser here): let A's entry land before this "container"
    // goes away, as a user's window would stay open that long.
    await runCommand(page, 'Claude: Where am I signed in');
    await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'got the container token' }).first().waitFor();
    await page.keyboard.press('Escape');

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
    assertUsersPrivateFile(fileB, owner);
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
    assert.equal(restored.claudeAiOauth.expiresAt, first.claudeAiOauth.expiresAt);
    assertUsersPrivateFile(fileB, owner);
    keep('B: written back after the CLI blanked it', fileB);

    // The file deleted.
    lostAt = Date.now();
    fs.rmSync(fileB);
    await waitForJson(fileB, (json) => json.claudeAiOauth?.accessToken === token, 10_000);
    t.diagnostic(`deleted → written back in ${Date.now() - lostAt} ms`);
    assertUsersPrivateFile(fileB, owner);
    keep('B: written back after the file was deleted', fileB);

    // Blanked again right after a write-back: the token no longer works. One offer to renew, no write loop.
    blankLikeTheCli(fileB);
    await waitForNotification(page, RENEWAL_OFFER, 15_000);
    await page.waitForTimeout(2500);
    assert.equal(JSON.parse(fs.readFileSync(fileB, 'utf8')).claudeAiOauth.accessToken, '', 'not written back again');

    // ---- C: Restricted Mode: nothing until the folder is trusted, then no other click -----------------------
    await server.newContainer({ workspaceTrust: true, env: ({ home }) => ({ CLAUDE_CONFIG_DIR: volumeIn(home) }) });
    const fileC = credentialsPath(server, volumeIn(server.home));
    await openWorkbench(context, server.url, server.workspaceDir);
    const restricted = statusBarItem(page, /Restricted Mode/);
    await restricted.waitFor();
    await waitForNotification(page, RESTRICTED_OFFER);
    assert.equal(fs.existsSync(fileC), false, 'nothing written in Restricted Mode');
    await restricted.click();
    await page.getByRole('button', { name: 'Trust', exact: true }).first().click();
    await waitForJson(fileC, (json) => json.claudeAiOauth?.accessToken === token, 15_000);
    assertUsersPrivateFile(fileC, owner);
    keep('C: written once the folder was trusted', fileC);

    // `claude /logout` deletes the file and clears the onboarding flag: signed out on purpose, not put back.
    const globalC = path.join(volumeIn(server.home), '.claude.json');
    // The onboarding flag is merged right after the credentials are written: wait for it, as the CLI would find it.
    await waitFor(() => fs.existsSync(globalC));
    fs.rmSync(fileC);
    fs.writeFileSync(globalC, JSON.stringify({ ...JSON.parse(fs.readFileSync(globalC, 'utf8')), hasCompletedOnboarding: false }, null, 2));
    await waitForLog(server, /Not putting the container token back: signed_out_in_claude/);
    assert.equal(fs.existsSync(fileC), false, 'a logout in Claude Code stays a logout');
    assert.deepEqual(find(server.home, '!', '-uid', String(uid)), [], 'everything in the home is the user’s');
    assert.deepEqual(outsideHomes(), before, 'nothing was written outside the users’ homes');

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
    assertUsersPrivateFile(fileD, owner);
    keep('D: written into the checkout on the user’s click', fileD);

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

    // ---- Claude Code accepts every file we wrote (copies: run as root, the CLI writes files of its own) --------
    for (const [index, { what, bytes }] of written.entries()) {
      await assertClaudeAccepts(t, what, bytes, token, index === 2);
    }
    assertNoSecretsInLogs(server, provider);
  });
});

/** What newer CLIs leave after `invalid_grant`: the same file, tokens blanked, `expiresAt: 0`. Written in place. */
function blankLikeTheCli(file: string): void {
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  json.claudeAiOauth = { ...json.claudeAiOauth, accessToken: '', refreshToken: '', expiresAt: 0 };
  fs.writeFileSync(file, JSON.stringify(json));
}

/** 0600 in a 0700 folder, both the container user's. */
function assertUsersPrivateFile(file: string, owner: string): void {
  assert.deepEqual(ownerAndMode(file), { owner, mode: '600' }, file);
  assert.deepEqual(ownerAndMode(path.dirname(file)), { owner, mode: '700' }, path.dirname(file));
}

async function assertClaudeAccepts(t: TestContext, what: string, bytes: string, token: string, bearer: boolean): Promise<void> {
  for (const cli of CLAUDE_CLI_VERSIONS) {
    const home = tempDir(t);
    fs.mkdirSync(path.join(home, '.claude'), { mode: 0o700 });
    fs.writeFileSync(path.join(home, '.claude', '.credentials.json'), bytes, { mode: 0o600 });
    const status = await claudeAuthStatus({ home, cli });
    assert.equal(status.exitCode, 0, `${what}: claude ${cli} auth status: ${status.run.stdout}${status.run.stderr}`);
    assert.equal(status.json?.loggedIn, true, `${what}: claude ${cli} is signed in`);
    if (bearer && cli === '2.1.332') {
      const check = await claudeBearerCheck({ home, cli });
      assert.ok(check.authorizations?.includes(`Bearer ${token}`), `${what}: claude ${cli} sends the container token`);
    }
  }
}

/**
 * Files the container user owns outside its homes and the server's own folders (user data, extensions, and
 * code-server's TMPDIR, where every restart leaves its sockets), plus in the machine's shared temp folders.
 * The harness makes each new workspace folder the user's; those folders themselves are not counted.
 */
function writtenOutside(server: CodeServer): string[] {
  const root = path.dirname(server.userDataDir);
  const own = [...allHomes(root), server.userDataDir, server.extensionsDir, path.join(root, 'tmp')];
  const prune = own.flatMap((dir, i) => (i === 0 ? ['-path', dir] : ['-o', '-path', dir]));
  const workspaces = new Set(fs.readdirSync(root).filter((name) => name.startsWith('workspace')).map((name) => path.join(root, name)));
  return [
    ...find(root, '(', ...prune, ')', '-prune', '-o', '-uid', String(server.user.uid), '-print').filter((file) => file !== root && !workspaces.has(file)),
    ...find(...['/tmp', '/var/tmp', '/dev/shm'].filter((dir) => fs.existsSync(dir)), '-xdev', '-path', root, '-prune', '-o', '-uid', String(server.user.uid), '-print'),
  ];
}

/** Every home the harness made for a container so far (home, home-2, …). */
function allHomes(root: string): string[] {
  return fs.readdirSync(root).filter((name) => /^home(-\d+)?$/.test(name)).map((name) => path.join(root, name));
}

function ownerAndMode(file: string): { owner: string; mode: string } {
  const stat = fs.lstatSync(file);
  return { owner: `${stat.uid}:${stat.gid}`, mode: (stat.mode & 0o777).toString(8) };
}

/** What `find` prints, sorted. A file that vanishes mid-walk (other tests clean up /tmp) is not an error. */
function find(...args: string[]): string[] {
  return spawnSync('find', args, { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).sort();
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
