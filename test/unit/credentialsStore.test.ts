import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { nodeAtomicWriteFs, type AtomicWriteFs } from '../../src/credentials/atomicWrite';
import { resolveClaudeLocation, type ClaudeLocation } from '../../src/credentials/location';
import { LockBusyError, storageWriteLockPath } from '../../src/credentials/locks';
import type { ClaudeAiOauth } from '../../src/credentials/schema';
import {
  InvalidLoginError,
  isBlankLogin,
  mergeLogin,
  readCredentials,
  removeLogin,
  writeLogin,
} from '../../src/credentials/store';
import { modeOf, tempDir } from '../support/tempDirs';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

const login: ClaudeAiOauth = {
  accessToken: 'sk-ant-oat01-test-access-1',
  refreshToken: 'sk-ant-ort01-test-refresh-1',
  expiresAt: 1_900_000_000_000,
  scopes: ['user:inference', 'user:profile'],
  subscriptionType: 'max',
  rateLimitTier: 'default_claude_max_20x',
};

function homeLocation(t: Parameters<typeof tempDir>[0]): { home: string; location: ClaudeLocation } {
  const home = tempDir(t);
  return { home, location: resolveClaudeLocation({}, home) };
}

function seed(location: ClaudeLocation, content: string | object, mode = 0o600): void {
  fs.mkdirSync(location.configDir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(location.credentialsFile, typeof content === 'string' ? content : JSON.stringify(content), { mode });
  fs.chmodSync(location.credentialsFile, mode);
}

function fileJson(location: ClaudeLocation): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(location.credentialsFile, 'utf8')) as Record<string, unknown>;
}

const otherKeys = {
  mcpOAuth: { 'server|abc': { serverName: 'server', accessToken: 'mcp-token', expiresAt: 1, scopes: ['a'] } },
  someFutureKey: { nested: { deeper: [1, 'two', { three: null }] }, flag: true },
  organizationUuid: 'org-1',
};

describe('mergeLogin', () => {
  test('keeps other top-level keys value-equal and in order, replacing only the login', () => {
    const file = { first: 1, claudeAiOauth: { accessToken: 'old', expiresAt: 1 }, ...otherKeys };
    const merged = mergeLogin(file, login);
    assert.deepEqual(Object.keys(merged), Object.keys(file));
    for (const key of Object.keys(otherKeys)) assert.deepEqual(merged[key], file[key as keyof typeof file]);
    assert.deepEqual(merged.claudeAiOauth, login);
  });

  test('keeps unknown fields of the old login but drops known fields the new login leaves out', () => {
    const old = { ...login, accountUuid: 'other-account', organizationUuid: 'other-org', someNewCliField: { x: 1 } };
    const fresh: ClaudeAiOauth = { accessToken: 'sk-ant-oat01-new', refreshToken: 'sk-ant-ort01-new', expiresAt: 5, scopes: ['user:inference'] };
    const merged = mergeLogin({ claudeAiOauth: old }, fresh).claudeAiOauth as Record<string, unknown>;
    assert.deepEqual(merged, { ...fresh, someNewCliField: { x: 1 } });
  });

  test('adds the login to a file without one, and does not mutate its input', () => {
    const file = { mcpOAuth: { a: 1 } };
    const merged = mergeLogin(file, login);
    assert.deepEqual(merged, { mcpOAuth: { a: 1 }, claudeAiOauth: login });
    assert.deepEqual(file, { mcpOAuth: { a: 1 } });
  });
});

describe('readCredentials', () => {
  test('missing file', async (t) => {
    const { location } = homeLocation(t);
    assert.deepEqual(await readCredentials(location), { state: 'missing' });
  });

  test('a blanked login (what the CLI leaves after invalid_grant) is ok, not corrupt, and reads as blank', async (t) => {
    const { location } = homeLocation(t);
    seed(location, { claudeAiOauth: { accessToken: '', refreshToken: '', expiresAt: 0, scopes: ['user:inference'] } });
    const result = await readCredentials(location);
    assert.equal(result.state, 'ok');
    assert.ok(result.state === 'ok' && result.login && isBlankLogin(result.login));
  });

  test('a file without a login, or with a null one, is ok without a login', async (t) => {
    const { location } = homeLocation(t);
    seed(location, { mcpOAuth: {} });
    assert.deepEqual(await readCredentials(location), { state: 'ok', file: { mcpOAuth: {} } });
    seed(location, { claudeAiOauth: null });
    assert.deepEqual(await readCredentials(location), { state: 'ok', file: { claudeAiOauth: null } });
  });

  test('corrupt: not JSON, not an object, a login of the wrong shape — reasons never quote values', async (t) => {
    const { location } = homeLocation(t);
    seed(location, '{"claudeAiOauth": {"accessToken": "sk-ant-oat01-secret"');
    assert.deepEqual(await readCredentials(location), { state: 'corrupt', reason: 'not valid JSON' });
    seed(location, '["sk-ant-oat01-secret"]');
    assert.deepEqual(await readCredentials(location), { state: 'corrupt', reason: 'not a JSON object' });
    seed(location, { claudeAiOauth: { accessToken: 42, refreshToken: 'sk-ant-ort01-secret', expiresAt: 'soon' } });
    const result = await readCredentials(location);
    assert.equal(result.state, 'corrupt');
    assert.ok(result.state === 'corrupt');
    assert.match(result.reason, /claudeAiOauth\.accessToken/);
    assert.match(result.reason, /claudeAiOauth\.expiresAt/);
    assert.doesNotMatch(result.reason, /secret|soon|42/);
  });
});

describe('writeLogin', () => {
  test('creates the folder 0700 and the file 0600, written as the CLI writes it (compact JSON)', async (t) => {
    const { home, location } = homeLocation(t);
    const result = await writeLogin(location, login);
    assert.deepEqual(result, { written: true, path: path.join(home, '.claude', '.credentials.json') });
    assert.equal(modeOf(location.configDir), 0o700);
    assert.equal(modeOf(location.credentialsFile), 0o600);
    assert.equal(fs.readFileSync(location.credentialsFile, 'utf8'), JSON.stringify({ claudeAiOauth: login }));
    assert.deepEqual(fs.readdirSync(location.configDir), ['.credentials.json'], 'no temp file or lock left behind');
  });

  test('leaves the mode of an existing folder alone and tightens a loose file to 0600', async (t) => {
    const { location } = homeLocation(t);
    seed(location, {}, 0o644);
    fs.chmodSync(location.configDir, 0o755);
    await writeLogin(location, login);
    assert.equal(modeOf(location.configDir), 0o755);
    assert.equal(modeOf(location.credentialsFile), 0o600);
  });

  test('every other key survives value-equal and in order', async (t) => {
    const { location } = homeLocation(t);
    const before = { first: 'kept', claudeAiOauth: { ...login, accessToken: 'sk-ant-oat01-old' }, ...otherKeys };
    seed(location, before);
    await writeLogin(location, { ...login, accessToken: 'sk-ant-oat01-new' });
    const after = fileJson(location);
    assert.deepEqual(Object.keys(after), Object.keys(before));
    assert.deepEqual(after, { ...before, claudeAiOauth: { ...login, accessToken: 'sk-ant-oat01-new' } });
  });

  test('a fresh sign-in does not inherit the previous account’s accountUuid', async (t) => {
    const { location } = homeLocation(t);
    seed(location, { claudeAiOauth: { ...login, accountUuid: 'someone-else', organizationUuid: 'their-org' } });
    await writeLogin(location, login);
    assert.deepEqual(fileJson(location).claudeAiOauth, login);
  });

  test('a long-lived login is written with refreshToken null or absent, never ""', async (t) => {
    const { location } = homeLocation(t);
    const longLived: ClaudeAiOauth = { accessToken: 'sk-ant-oat01-long', refreshToken: null, expiresAt: 1_900_000_000_000, scopes: ['user:inference'] };
    await writeLogin(location, longLived);
    assert.deepEqual(fileJson(location).claudeAiOauth, longLived);
    await assert.rejects(writeLogin(location, { ...longLived, refreshToken: '' }), InvalidLoginError);
    await assert.rejects(writeLogin(location, { ...longLived, accessToken: '' }), InvalidLoginError);
    assert.deepEqual(fileJson(location).claudeAiOauth, longLived, 'refused writes leave the file alone');
  });

  test('a corrupt file is kept aside byte for byte (0600) and the result says where', async (t) => {
    const { location } = homeLocation(t);
    const garbage = '{"claudeAiOauth":{"accessToken":"sk-ant-oat01-half-writ';
    seed(location, garbage, 0o644);
    const result = await writeLogin(location, login, { now: new Date('2025-03-04T05:06:07.890Z') });
    const expectedBackup = `${location.credentialsFile}.corrupt-20250304T050607Z`;
    assert.deepEqual(result, { written: true, path: location.credentialsFile, backedUpCorruptFileTo: expectedBackup });
    assert.equal(fs.readFileSync(expectedBackup, 'utf8'), garbage);
    assert.equal(modeOf(expectedBackup), 0o600);
    assert.deepEqual(fileJson(location), { claudeAiOauth: login });
  });

  test('when rename fails with EBUSY (bind-mounted file) it writes in place: right bytes, 0600, no temp file', async (t) => {
    const { location } = homeLocation(t);
    seed(location, { mcpOAuth: { a: 1 } }, 0o644);
    let renames = 0;
    const busyFs: AtomicWriteFs = {
      ...nodeAtomicWriteFs,
      rename: async () => {
        renames++;
        throw Object.assign(new Error('EBUSY: resource busy or locked'), { code: 'EBUSY' });
      },
    };
    const inodeBefore = fs.statSync(location.credentialsFile).ino;
    assert.deepEqual(await writeLogin(location, login, { fs: busyFs }), { written: true, path: location.credentialsFile });
    assert.equal(renames, 1);
    assert.equal(fs.statSync(location.credentialsFile).ino, inodeBefore, 'same file, rewritten in place');
    assert.deepEqual(fileJson(location), { mcpOAuth: { a: 1 }, claudeAiOauth: login });
    assert.equal(modeOf(location.credentialsFile), 0o600);
    assert.deepEqual(fs.readdirSync(location.configDir), ['.credentials.json']);
  });

  test('honours CLAUDE_CONFIG_DIR', async (t) => {
    const home = tempDir(t);
    const configDir = path.join(tempDir(t), 'custom', 'claude');
    const location = resolveClaudeLocation({ CLAUDE_CONFIG_DIR: configDir }, home);
    await writeLogin(location, login);
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(configDir, '.credentials.json'), 'utf8')), { claudeAiOauth: login });
    assert.equal(modeOf(configDir), 0o700);
    assert.equal(modeOf(path.dirname(configDir)), 0o700, 'missing parents are created private too');
    assert.equal(fs.existsSync(path.join(home, '.claude')), false);
  });

  test('compare-and-swap: refuses when the refresh token changed meanwhile, writes when it did not', async (t) => {
    const { location } = homeLocation(t);
    const rotatedByCli = { ...login, accessToken: 'sk-ant-oat01-cli', refreshToken: 'sk-ant-ort01-cli' };
    seed(location, { claudeAiOauth: rotatedByCli });
    const before = fs.readFileSync(location.credentialsFile);
    const refused = await writeLogin(location, { ...login, accessToken: 'sk-ant-oat01-ours' }, { ifRefreshTokenIs: login.refreshToken });
    assert.deepEqual(refused, { written: false, current: rotatedByCli });
    assert.deepEqual(fs.readFileSync(location.credentialsFile), before);

    const accepted = await writeLogin(location, { ...login, accessToken: 'sk-ant-oat01-ours' }, { ifRefreshTokenIs: 'sk-ant-ort01-cli' });
    assert.equal(accepted.written, true);
    assert.equal((fileJson(location).claudeAiOauth as ClaudeAiOauth).accessToken, 'sk-ant-oat01-ours');
  });

  test('compare-and-swap: null expects no refresh token (or no file)', async (t) => {
    const { location } = homeLocation(t);
    assert.equal((await writeLogin(location, login, { ifRefreshTokenIs: null })).written, true);
    assert.deepEqual(await writeLogin(location, login, { ifRefreshTokenIs: null }), { written: false, current: login });
  });

  test('waits for another process holding .storage-write.lock, then merges its change (no lost update)', async (t) => {
    const { location } = homeLocation(t);
    seed(location, { mcpOAuth: { a: 1 } });
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `
        const lockfile = require('proper-lockfile'); const fs = require('fs');
        const [dir, file, lockPath] = process.argv.slice(1);
        (async () => {
          const release = await lockfile.lock(dir, { lockfilePath: lockPath, realpath: false, stale: 15000 });
          console.log('locked');
          await new Promise((r) => setTimeout(r, 700));
          const data = JSON.parse(fs.readFileSync(file, 'utf8'));
          data.pluginSecrets = { added: 'by the other writer' };
          fs.writeFileSync(file, JSON.stringify(data));
          await release();
          console.log('released');
        })();`,
        location.configDir,
        location.credentialsFile,
        storageWriteLockPath(location),
      ],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    t.after(() => holder.kill());
    const output: string[] = [];
    await new Promise<void>((resolve, reject) => {
      holder.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        output.push(chunk);
        if (chunk.includes('locked')) resolve();
      });
      holder.on('exit', () => reject(new Error('lock holder exited early')));
    });
    const started = Date.now();
    await writeLogin(location, login);
    const waited = Date.now() - started;
    assert.ok(waited >= 300, `writeLogin should have waited for the lock (waited ${waited} ms)`);
    assert.deepEqual(fileJson(location), {
      mcpOAuth: { a: 1 },
      pluginSecrets: { added: 'by the other writer' },
      claudeAiOauth: login,
    });
  });

  test('breaks a stale lock (mtime older than 15 s)', async (t) => {
    const { location } = homeLocation(t);
    const lockPath = storageWriteLockPath(location);
    fs.mkdirSync(lockPath, { recursive: true });
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(lockPath, old, old);
    const started = Date.now();
    assert.equal((await writeLogin(location, login, { maxWaitMs: 2_000 })).written, true);
    assert.ok(Date.now() - started < 1_000);
    assert.equal(fs.existsSync(lockPath), false, 'our lock is released');
  });

  test('gives up with LockBusyError naming the lock when a live lock is never released', async (t) => {
    const { location } = homeLocation(t);
    seed(location, { mcpOAuth: { a: 1 } });
    const lockPath = storageWriteLockPath(location);
    fs.mkdirSync(lockPath);
    const started = Date.now();
    await assert.rejects(writeLogin(location, login, { maxWaitMs: 400 }), (err: unknown) => {
      assert.ok(err instanceof LockBusyError);
      assert.equal(err.lockPath, lockPath);
      assert.ok(err.message.includes(lockPath));
      assert.doesNotMatch(err.message, /sk-ant/);
      return true;
    });
    const waited = Date.now() - started;
    assert.ok(waited >= 400 && waited < 2_000, `waited ${waited} ms`);
    assert.deepEqual(fileJson(location), { mcpOAuth: { a: 1 } });
    assert.equal(fs.existsSync(lockPath), true, 'someone else’s live lock is not ours to remove');
  });

  test('concurrent writers in one process are serialised', async (t) => {
    const { location } = homeLocation(t);
    const writes = Array.from({ length: 5 }, (_, i) => writeLogin(location, { ...login, accessToken: `sk-ant-oat01-${i}` }));
    const results = await Promise.all(writes);
    assert.ok(results.every((r) => r.written));
    assert.match((fileJson(location).claudeAiOauth as ClaudeAiOauth).accessToken, /^sk-ant-oat01-\d$/);
    assert.deepEqual(fs.readdirSync(location.configDir), ['.credentials.json']);
  });
});

describe('removeLogin', () => {
  test('removes only claudeAiOauth and keeps mcpOAuth and the rest', async (t) => {
    const { location } = homeLocation(t);
    seed(location, { mcpOAuth: otherKeys.mcpOAuth, claudeAiOauth: login, someFutureKey: otherKeys.someFutureKey });
    assert.deepEqual(await removeLogin(location), { removed: true, path: location.credentialsFile });
    assert.deepEqual(fileJson(location), { mcpOAuth: otherKeys.mcpOAuth, someFutureKey: otherKeys.someFutureKey });
    assert.equal(modeOf(location.credentialsFile), 0o600);
    assert.deepEqual(await removeLogin(location), { removed: false, reason: 'no-login' });
  });

  test('no file: nothing happens, not even a folder', async (t) => {
    const { location } = homeLocation(t);
    assert.deepEqual(await removeLogin(location), { removed: false, reason: 'missing' });
    assert.equal(fs.existsSync(location.configDir), false);
  });

  test('a corrupt file is left untouched', async (t) => {
    const { location } = homeLocation(t);
    seed(location, 'not json');
    assert.deepEqual(await removeLogin(location), { removed: false, reason: 'corrupt' });
    assert.equal(fs.readFileSync(location.credentialsFile, 'utf8'), 'not json');
  });
});
