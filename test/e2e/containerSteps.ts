// Shared steps of the container scenarios (containers*.test.ts), each file one scenario so that one failure hides no
// other. One code-server stands in for a row of containers, run as a dev container's own unprivileged user
// (`vscode`), not root: each "new container" keeps the user-data-dir, the browser profile and the port (so VS Code's
// secret storage, which lives in the browser, still holds the container token) and gets a fresh HOME,
// CLAUDE_CONFIG_DIR and folder (harness CodeServer.newContainer).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TestContext } from 'node:test';
import type { Locator } from 'playwright-core';
import { CLAUDE_CLI_VERSIONS, claudeAuthStatus, claudeBearerCheck } from '../support/claudeCli';
import type { TestProvider } from '../support/oauthProvider';
import { tempDir } from '../support/tempDirs';
import { clickNotificationAction, confirmOpenExternal, nextPage, processTree, runCommand, statusBarItem, TEST_USER, waitForNotification, type CodeServer, type WorkbenchSession } from './harness';
import { commandLine } from './harness/processTree';
import { credentialsPath, waitForJson } from './support';

// Run by an ordinary user already (a workstation), the test runs code-server as that user: it never skips.
export const runAs = process.getuid?.() === 0 ? { user: TEST_USER } : undefined;

export const OFFER = /Claude Code in this container is not signed in\. Every container/;
export const RESTRICTED_OFFER = /This folder is in Restricted Mode, so Claude Code was not signed in here/;
export const INSIDE_WORKSPACE = /is inside the workspace folder/;
export const RENEWAL_OFFER = /dropped the container token again right after it was written back/;

/** Like the README's devcontainer.json: CLAUDE_CONFIG_DIR on a named volume in the user's home, outside the checkout. */
export const volumeIn = (home: string) => path.join(home, '.claude-config');

/**
 * Container A: the offer → "Every Container" → one approval; the token is written into ~/.claude, inference-only with
 * no refresh token, and kept for the next containers. `inspectOffer` looks at the offer before the click.
 */
export async function takeTheContainerToken(
  { page, context, server }: WorkbenchSession,
  provider: TestProvider,
  inspectOffer: (offer: Locator) => Promise<void> = async () => undefined,
): Promise<{ token: string; login: { expiresAt: number } }> {
  const file = credentialsPath(server);
  await inspectOffer(await waitForNotification(page, OFFER));
  const opened = nextPage(context);
  await clickNotificationAction(page, OFFER, 'Every Container');
  await confirmOpenExternal(page);
  const consent = await opened;
  assert.equal(new URL(consent.url()).searchParams.get('scope'), 'user:inference');
  await consent.getByRole('button', { name: 'Authorize' }).click();
  const first = await waitForJson(file, (json) => Boolean(json.claudeAiOauth?.accessToken));
  assert.equal('refreshToken' in first.claudeAiOauth, false, 'a container never gets a refresh token');
  assert.deepEqual(first.claudeAiOauth.scopes, ['user:inference']);
  assert.ok(first.claudeAiOauth.expiresAt > Date.now() + 364 * 24 * 3600_000);
  assert.equal(provider.issuedRefreshTokens.length, 0);
  await waitForNotification(page, /new containers will sign in by themselves/);
  await statusBarItem(page, /Claude 36\dd/).waitFor();
  // The machine list is kept in secret storage (in the browser here): let A's entry land before this "container"
  // goes away, as a user's window would stay open that long.
  await runCommand(page, 'Claude: Where am I signed in');
  await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'got the container token' }).first().waitFor();
  await page.keyboard.press('Escape');
  return { token: first.claudeAiOauth.accessToken, login: first.claudeAiOauth };
}

/** What newer CLIs leave after `invalid_grant`: the same file, tokens blanked, `expiresAt: 0`. Written in place. */
export function blankLikeTheCli(file: string): void {
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  json.claudeAiOauth = { ...json.claudeAiOauth, accessToken: '', refreshToken: '', expiresAt: 0 };
  fs.writeFileSync(file, JSON.stringify(json));
}

/** 0600 in a 0700 folder, both the container user's. */
export function assertUsersPrivateFile(file: string, server: CodeServer): void {
  const owner = `${server.user.uid}:${server.user.gid}`;
  assert.deepEqual(ownerAndMode(file), { owner, mode: '600' }, file);
  assert.deepEqual(ownerAndMode(path.dirname(file)), { owner, mode: '700' }, path.dirname(file));
}

/** Each file Claude Code accepts as signed in, with both pinned CLIs (copies: run as root, the CLI writes files of its own). */
export async function assertClaudeAccepts(t: TestContext, written: readonly { what: string; bytes: string; bearer?: boolean }[], token: string): Promise<void> {
  for (const { what, bytes, bearer } of written) {
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
}

/**
 * Where `needle` is in the memory of code-server's extension host (the one process in this test's tree started with
 * `--type=extensionHost`), as one-byte or two-byte text: read from /proc/<pid>/mem, every readable region that is not
 * a mapped file (V8's heap, buffers, the IPC it received). Reading another process's memory needs root or the same
 * user; when it cannot be read, the check fails rather than pass unseen.
 */
export function extensionHostMemoryHolds(needle: string): boolean {
  const hosts = processTree(process.pid).filter((p) => commandLine(p.pid).includes('--type=extensionHost'));
  assert.equal(hosts.length, 1, `one extension host (found ${hosts.length})`);
  const patterns = [Buffer.from(needle, 'latin1'), Buffer.from(needle, 'utf16le')];
  const regions = fs
    .readFileSync(`/proc/${hosts[0].pid}/maps`, 'utf8')
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([range, perms, , , inode, name]) => range && perms?.startsWith('r') && inode === '0' && !/^\[(vvar|vsyscall|vdso)\]$/.test(name ?? ''))
    .map(([range]) => range.split('-').map((hex) => parseInt(hex, 16)));
  const fd = fs.openSync(`/proc/${hosts[0].pid}/mem`, 'r');
  let readable = 0;
  try {
    const chunk = Buffer.alloc(8 << 20);
    const overlap = patterns[1].length;
    for (const [start, end] of regions) {
      for (let at = start; at < end; at += chunk.length - overlap) {
        const length = Math.min(chunk.length, end - at);
        let got: number;
        try {
          got = fs.readSync(fd, chunk, 0, length, at);
        } catch {
          break; // a guard page or a region unmapped meanwhile
        }
        readable += got;
        const view = chunk.subarray(0, got);
        if (patterns.some((pattern) => view.includes(pattern))) return true;
        if (at + length >= end) break;
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  assert.ok(readable > 1 << 20, `the extension host's memory was read (${readable} bytes)`);
  return false;
}

/**
 * Files the container user owns outside its homes and the server's own folders (user data, extensions, and
 * code-server's TMPDIR, where every restart leaves its sockets), plus in the machine's shared temp folders.
 * The harness makes each new workspace folder the user's; those folders themselves are not counted.
 */
export function writtenOutside(server: CodeServer): string[] {
  const root = path.dirname(server.userDataDir);
  const own = [...allHomes(root), server.userDataDir, server.extensionsDir, path.join(root, 'tmp')];
  const prune = own.flatMap((dir, i) => (i === 0 ? ['-path', dir] : ['-o', '-path', dir]));
  const workspaces = new Set(fs.readdirSync(root).filter((name) => name.startsWith('workspace')).map((name) => path.join(root, name)));
  return [
    ...find(root, '(', ...prune, ')', '-prune', '-o', '-uid', String(server.user.uid), '-print').filter((file) => file !== root && !workspaces.has(file)),
    ...find(...['/tmp', '/var/tmp', '/dev/shm'].filter((dir) => fs.existsSync(dir)), '-xdev', '-path', root, '-prune', '-o', '-uid', String(server.user.uid), '-print'),
  ];
}

/** Everything in the container's home is the container user's. */
export function notTheUsers(server: CodeServer): string[] {
  return find(server.home, '!', '-uid', String(server.user.uid));
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

export async function waitFor(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
