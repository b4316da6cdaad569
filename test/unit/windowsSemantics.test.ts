// Windows remotes, with Windows semantics injected (no Windows machine here): the path rules, no POSIX modes (no
// chmod, no 0600 demanded), rename retries, and paths with spaces and non-ASCII user names.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { resolveClaudeLocation } from '../../src/credentials/location';
import { writeLogin } from '../../src/engine/store/credentialsFile';
import { diagnose } from '../../src/engine/diagnosis/diagnose';
import { faultyFs } from '../support/faultyFs';
import { tempDir } from '../support/tempDirs';

const login = { accessToken: 'sk-ant-oat01-windows', refreshToken: 'sk-ant-ort01-windows', expiresAt: Date.now() + 3_600_000, scopes: ['user:inference'] };

test('%USERPROFILE%\\.claude, CLAUDE_CONFIG_DIR on another drive or a share, a relative one refused — with Windows path rules', () => {
  const home = 'C:\\Users\\Zoë Müller';
  const plain = resolveClaudeLocation({}, home, path.win32);
  assert.equal(plain.configDir, 'C:\\Users\\Zoë Müller\\.claude');
  assert.equal(plain.credentialsFile, 'C:\\Users\\Zoë Müller\\.claude\\.credentials.json');
  assert.equal(plain.globalConfigFile, 'C:\\Users\\Zoë Müller\\.claude.json');
  assert.equal(plain.configDirIsRelative, false);
  for (const absolute of ['D:\\Claude Config', '\\\\fileserver\\home\\zoë\\.claude']) {
    const location = resolveClaudeLocation({ CLAUDE_CONFIG_DIR: absolute }, home, path.win32);
    assert.equal(location.configDirIsRelative, false, absolute);
    assert.equal(location.credentialsFile, `${absolute}\\.credentials.json`);
  }
  for (const relative of ['.claude', 'C:relative', '']) {
    assert.equal(resolveClaudeLocation({ CLAUDE_CONFIG_DIR: relative }, home, path.win32).configDirIsRelative, true, relative);
  }
});

test('a write with Windows rules in a folder with spaces and non-ASCII: no chmod at all, rename retried past a scanner, every key kept', async (t) => {
  const home = path.join(tempDir(t), 'Zoë Müller (work)');
  const location = resolveClaudeLocation({}, home);
  fs.mkdirSync(location.configDir, { recursive: true });
  fs.writeFileSync(location.credentialsFile, JSON.stringify({ mcpOAuth: { s: { accessToken: 'mcp' } } }));
  // An antivirus or indexer holds the file for a moment: the first two renames are refused.
  const faulty = faultyFs({ refuse: { rename: 'EBUSY', chmod: 'EPERM' }, refuseTimes: 2 });
  const written = await writeLogin(location, login, { fs: faulty.fs, platform: 'win32' });
  assert.equal(written.written, true);
  assert.equal(faulty.steps.filter((step) => step === 'chmod').length, 0, 'no chmod on Windows');
  assert.equal(faulty.steps.filter((step) => step === 'rename').length, 3, 'renamed on the third try');
  assert.deepEqual(JSON.parse(fs.readFileSync(location.credentialsFile, 'utf8')), { mcpOAuth: { s: { accessToken: 'mcp' } }, claudeAiOauth: login });
});

test('the diagnosis on Windows never calls a file without POSIX modes "too open"', async (t) => {
  const home = tempDir(t);
  const location = resolveClaudeLocation({}, home);
  fs.mkdirSync(location.configDir, { recursive: true, mode: 0o755 });
  fs.writeFileSync(location.credentialsFile, JSON.stringify({ claudeAiOauth: login }), { mode: 0o644 });
  fs.chmodSync(location.credentialsFile, 0o644);
  fs.chmodSync(location.configDir, 0o755);
  const report = await diagnose({ env: { CLAUDE_REMOTE_SIGNIN_OAUTH_URL: 'http://127.0.0.1:9' }, homeDir: home, platform: 'win32', now: Date.now(), http: { timeoutMs: 500 } });
  const ids = report.findings.map((f) => f.id);
  for (const id of ['credentials_mode_too_open', 'credentials_mode_unusual', 'config_dir_mode_open', 'credentials_permissions_ok']) {
    assert.ok(!ids.includes(id as never), `${id} on Windows`);
  }
  assert.ok(ids.includes('login_ok'));
  const linux = await diagnose({ env: { CLAUDE_REMOTE_SIGNIN_OAUTH_URL: 'http://127.0.0.1:9' }, homeDir: home, platform: 'linux', now: Date.now(), http: { timeoutMs: 500 } });
  assert.ok(linux.findings.some((f) => f.id === 'credentials_mode_too_open'), 'the same file on Linux is too open (the check can fail)');
});
