// The sign-in as real users run it: not as root (CI's user) but as an ordinary one, like a dev container's `vscode`
// or an SSH login. The test process stays root and drops to that user for code-server (runAs), so the files can only
// be the user's if the extension host made them so — and root is still there to look at everything afterwards.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { claudeAuthStatus } from '../support/claudeCli';
import { statusBarItem, TEST_USER } from './harness';
import { assertNoSecretsInLogs, credentialsPath, openConsentPage, startProvider, waitForJson, withSignInWorkbench } from './support';

// Run by an ordinary user already (a workstation), the test runs code-server as that user: it never skips.
const runAs = process.getuid?.() === 0 ? { user: TEST_USER } : undefined;

// What an ordinary user can write outside its home and the server's folders: the world-writable ones.
const SHARED_TEMP_DIRS = ['/tmp', '/var/tmp', '/dev/shm'];

test(`as an ordinary user (${runAs?.user ?? 'you'}): the credentials are that user's, 0600 in a 0700 folder, and nothing is written outside its home`, async (t) => {
  const provider = await startProvider(t);
  await withSignInWorkbench(t, provider, { runAs }, async ({ server, page, context }) => {
    const { uid, gid } = server.user;
    assert.notEqual(uid, 0, 'code-server runs as an ordinary user');
    const root = path.dirname(server.home);
    const outsideHome = () => [
      ...find(root, '(', '-path', server.home, '-o', '-path', server.userDataDir, '-o', '-path', server.extensionsDir, ')', '-prune', '-o', '-print'),
      ...find(...SHARED_TEMP_DIRS.filter((dir) => fs.existsSync(dir)), '-xdev', '-path', root, '-prune', '-o', '-uid', String(uid), '-print'),
    ];
    // After code-server's own start-up writes, before the sign-in.
    const before = outsideHome();
    await statusBarItem(page, /Claude: Sign in/).waitFor();

    const consent = await openConsentPage(page, context);
    await consent.getByRole('button', { name: 'Authorize' }).click();
    await consent.waitForURL(/\/oauth\/code\/success/);
    const file = credentialsPath(server);
    const written = await waitForJson(file, (json) => Boolean(json.claudeAiOauth?.accessToken));
    assert.equal(written.claudeAiOauth.accessToken, provider.issuedAccessTokens.at(-1));
    await statusBarItem(page, /Claude \d+h \d+m/).waitFor();

    const owner = `${uid}:${gid}`;
    assert.deepEqual(ownerAndMode(file), { owner, mode: '600' });
    assert.deepEqual(ownerAndMode(path.dirname(file)), { owner, mode: '700' });
    assert.equal(ownerAndMode(path.join(server.home, '.claude.json')).owner, owner);
    assert.deepEqual(find(server.home, '!', '-uid', String(uid)), [], 'everything in the home is the user’s');
    assert.deepEqual(outsideHome(), before, 'nothing was written outside the home');

    // Only now, as root: the CLI reads the file, but may leave root's files of its own in the home.
    const status = await claudeAuthStatus({ home: server.home });
    assert.equal(status.exitCode, 0, JSON.stringify(status.json));
    assert.equal(status.json?.loggedIn, true);
    assertNoSecretsInLogs(server, provider);
  });
});

function ownerAndMode(file: string): { owner: string; mode: string } {
  const stat = fs.lstatSync(file);
  return { owner: `${stat.uid}:${stat.gid}`, mode: (stat.mode & 0o777).toString(8) };
}

/** What `find` prints, sorted. A file that vanishes mid-walk (other tests clean up /tmp) is not an error. */
function find(...args: string[]): string[] {
  return spawnSync('find', args, { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).sort();
}
