// The in-place fallback when chmod is refused because the credentials file belongs to another user: the write may
// be refused, but the file must never be emptied. CI runs as root, so the test drops to uid 65534 itself (setpriv,
// util-linux); run as anyone else, it simulates the refusals in the child instead. Never skipped.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';

const NOBODY = 65534;
const script = path.join(__dirname, '..', 'support', 'writeAsOtherUser.js');

test('a credentials file owned by another user, in a folder where it cannot be renamed over, is never emptied', (t) => {
  const asRoot = process.getuid?.() === 0;
  // Under os.tmpdir() and 0755 so that uid 65534 can reach it (mkdtemp makes it 0700).
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-signin-nonroot-'));
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  fs.chmodSync(root, 0o755);
  // Sticky and world-writable like /tmp: the other user may create its temp file here, but not rename it over a
  // file it does not own (EPERM) — so the write falls back to rewriting the file in place, where chmod is refused.
  const configDir = path.join(root, 'claude');
  fs.mkdirSync(configDir);
  fs.chmodSync(configDir, 0o1777);
  const file = path.join(configDir, '.credentials.json');
  const contents = {
    claudeAiOauth: { accessToken: 'sk-ant-oat01-owner', refreshToken: 'sk-ant-ort01-owner', expiresAt: 1_800_000_000_000, scopes: ['user:inference'] },
    mcpOAuth: { 'github|1': { serverName: 'github', accessToken: 'mcp-secret' } },
    pluginSecrets: { 'plugin@market': { apiKey: 'plugin-secret' } },
  };
  fs.writeFileSync(file, JSON.stringify(contents));
  fs.chmodSync(file, 0o666);
  const before = fs.readFileSync(file);

  const [command, ...args] = asRoot
    ? ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, script]
    : [process.execPath, script, '--simulate-foreign-file'];
  const child = spawnSync(command!, args, {
    env: { PATH: process.env.PATH, HOME: root, CLAUDE_CONFIG_DIR: configDir },
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(child.status, 0, `${command} failed: ${child.error?.message ?? child.stderr}`);
  const outcome = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
  if (asRoot) assert.equal(outcome.uid, NOBODY, 'the child ran as the other user');

  assert.deepEqual(fs.readFileSync(file).toString(), before.toString(), 'the file keeps every byte it had');
  assert.equal(fs.statSync(file).mode & 0o7777, 0o666);
  if (asRoot) assert.equal(fs.statSync(file).uid, 0, 'still the owner’s file, not replaced');
  assert.equal(outcome.error, 'FileNotPrivateError', `the write is refused: ${JSON.stringify(outcome)}`);
  assert.ok(String(outcome.message).includes(file), 'the refusal names the file');
  assert.doesNotMatch(String(outcome.message), /sk-ant|secret/);
});

test('a credentials file another user owns, read-only to us, is refused with a clear error and left exactly as it was', (t) => {
  // Making a file someone else's needs root (CI runs as root); a non-root run has no other user's file to offer.
  if (process.getuid?.() !== 0) return t.diagnostic('not root: no file of another user can be made here');
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-signin-foreign-'));
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  fs.chmodSync(root, 0o755);
  // The other user's own folder (a rename over the file would work there), holding a file root left behind, e.g.
  // after `sudo claude`.
  const configDir = path.join(root, 'claude');
  fs.mkdirSync(configDir, { mode: 0o700 });
  const file = path.join(configDir, '.credentials.json');
  fs.writeFileSync(file, JSON.stringify({ claudeAiOauth: { accessToken: 'sk-ant-oat01-roots', expiresAt: 1, scopes: ['user:inference'] } }), { mode: 0o644 });
  fs.chownSync(configDir, NOBODY, NOBODY);
  const before = fs.readFileSync(file, 'utf8');
  const child = spawnSync('setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, script], {
    env: { PATH: process.env.PATH, HOME: root, CLAUDE_CONFIG_DIR: configDir },
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(child.status, 0, `setpriv failed: ${child.error?.message ?? child.stderr}`);
  const outcome = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
  assert.equal(outcome.uid, NOBODY, 'the child ran as the other user');
  assert.equal(fs.readFileSync(file, 'utf8'), before, 'the file is unchanged');
  assert.equal(fs.statSync(file).uid, 0, 'still root’s file');
  assert.equal(outcome.error, 'ForeignFileError', JSON.stringify(outcome));
  assert.match(String(outcome.message), /belongs to user 0, not to this user \(65534\)/);
  assert.doesNotMatch(String(outcome.message), /sk-ant/);
});
