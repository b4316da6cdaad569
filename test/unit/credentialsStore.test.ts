import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { nodeAtomicWriteFs, writeFileAtomic, type AtomicWriteFs } from '../../src/engine/store/atomicWrite';
import { resolveClaudeLocation, type ClaudeLocation } from '../../src/credentials/location';
import { LockBusyError } from '../../src/credentials/lockErrors';
import { storageWriteLockPath } from '../../src/engine/store/locks';
import type { ClaudeAiOauth } from '../../src/credentials/schema';
import {
  InvalidLoginError,
  isBlankLogin,
  mergeLogin,
  readCredentials,
  removeLogin,
  writeLogin,
} from '../../src/engine/store/credentialsFile';
import { faultyFs } from '../support/faultyFs';
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

  test('corrupt: not JSON, or not a JSON object — typed reasons that never quote values', async (t) => {
    const { location } = homeLocation(t);
    seed(location, '{"claudeAiOauth": {"accessToken": "sk-ant-oat01-secret"');
    assert.deepEqual(await readCredentials(location), { state: 'corrupt', reason: { kind: 'not_json' } });
    seed(location, '["sk-ant-oat01-secret"]');
    assert.deepEqual(await readCredentials(location), { state: 'corrupt', reason: { kind: 'not_object' } });
  });

  test('a login entry of an unexpected form is not corruption: the file reads, the entry is named by its fields, never its values', async (t) => {
    const { location } = homeLocation(t);
    const file = { mcpOAuth: otherKeys.mcpOAuth, claudeAiOauth: { accessToken: 42, refreshToken: 'sk-ant-ort01-secret', expiresAt: 'soon' } };
    seed(location, file);
    const result = await readCredentials(location);
    assert.deepEqual(result, { state: 'unrecognised_login', file, fields: ['claudeAiOauth.accessToken', 'claudeAiOauth.expiresAt'] });
    assert.ok(result.state === 'unrecognised_login');
    assert.doesNotMatch(JSON.stringify(result.fields), /secret|soon|42/);
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
    assert.deepEqual(result, {
      written: true,
      path: location.credentialsFile,
      keptAside: { path: expectedBackup, problem: { kind: 'not_json' } },
    });
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
    // A lock that is not broken would keep this write waiting past maxWaitMs (the lock is stale only after 15 s).
    assert.equal((await writeLogin(location, login, { maxWaitMs: 2_000 })).written, true);
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

/** Everything a real file holds besides the login: it must survive every write. */
const keysBesideTheLogin = {
  mcpOAuth: otherKeys.mcpOAuth,
  pluginSecrets: { 'plugin@market': { apiKey: 'plugin-secret' } },
  someFutureKey: otherKeys.someFutureKey,
};

describe('the in-place fallback (a file that cannot be renamed over) never empties the file', () => {
  const oldLogin = { ...login, accessToken: `sk-ant-oat01-old-${'x'.repeat(200)}` };

  test('chmod refused on a file others can read (owned by someone else): nothing is written, every byte stays', async (t) => {
    const { location } = homeLocation(t);
    seed(location, { claudeAiOauth: oldLogin, ...keysBesideTheLogin }, 0o644);
    const before = fs.readFileSync(location.credentialsFile);
    const { fs: foreignFile } = faultyFs({ refuse: { rename: 'EBUSY', chmod: 'EPERM' }, refuseFile: location.credentialsFile });
    const refusal = await writeLogin(location, login, { fs: foreignFile }).then(
      () => undefined,
      (err: Error) => err,
    );
    assert.deepEqual(fs.readFileSync(location.credentialsFile), before, 'the file keeps every byte it had');
    assert.ok(refusal, 'the write is refused');
    assert.ok(refusal.message.includes(location.credentialsFile), refusal.message);
    assert.doesNotMatch(refusal.message, /sk-ant/);
    assert.equal(modeOf(location.credentialsFile), 0o644);
    assert.deepEqual(fs.readdirSync(location.configDir), ['.credentials.json'], 'no temp file left behind');
  });

  test('chmod refused where the file is private already (CIFS, 9p): the write goes ahead, atomically or in place', async (t) => {
    const { location } = homeLocation(t);
    seed(location, { claudeAiOauth: oldLogin, ...keysBesideTheLogin });
    const { fs: noChmod } = faultyFs({ refuse: { chmod: 'EPERM' } });
    assert.equal((await writeLogin(location, login, { fs: noChmod })).written, true);
    assert.deepEqual(fileJson(location), { claudeAiOauth: login, ...keysBesideTheLogin });

    seed(location, { claudeAiOauth: oldLogin, ...keysBesideTheLogin });
    const { fs: noChmodNoRename } = faultyFs({ refuse: { chmod: 'EPERM', rename: 'EBUSY' } });
    assert.equal((await writeLogin(location, login, { fs: noChmodNoRename })).written, true);
    assert.deepEqual(fileJson(location), { claudeAiOauth: login, ...keysBesideTheLogin });
    assert.equal(modeOf(location.credentialsFile), 0o600);
  });

  for (const [step, kind] of [
    ['write', 'half written'],
    ['truncate', 'fails'],
    ['sync', 'fails'],
  ] as const) {
    test(`a ${step} that fails in place (${kind}) puts the old bytes back`, async (t) => {
      const { location } = homeLocation(t);
      seed(location, { claudeAiOauth: oldLogin, ...keysBesideTheLogin });
      const before = fs.readFileSync(location.credentialsFile);
      const dryRun = faultyFs({ refuse: { rename: 'EBUSY' } });
      await writeLogin(location, login, { fs: dryRun.fs });
      seed(location, { claudeAiOauth: oldLogin, ...keysBesideTheLogin });
      // The last call of that step is the in-place one (the first ones are the temp file's).
      const faulty = faultyFs({ refuse: { rename: 'EBUSY' }, fault: { at: dryRun.steps.lastIndexOf(step) + 1, kind } });
      await assert.rejects(writeLogin(location, login, { fs: faulty.fs }));
      assert.deepEqual(fs.readFileSync(location.credentialsFile).toString(), before.toString(), 'the old bytes are back');
      assert.equal(modeOf(location.credentialsFile), 0o600);
    });
  }

  test('on Windows a rename refused for a moment (antivirus, indexer) is retried; no chmod, no directory fsync', async (t) => {
    const dir = tempDir(t);
    const file = path.join(dir, '.credentials.json');
    fs.writeFileSync(file, '{"old":true}');
    const inodeBefore = fs.statSync(file).ino;
    const faulty = faultyFs({ refuse: { rename: 'EBUSY' }, refuseTimes: 2 });
    await writeFileAtomic(file, '{"new":true}', { fs: faulty.fs, platform: 'win32' });
    assert.equal(faulty.steps.filter((s) => s === 'rename').length, 3, 'renamed on the third try');
    assert.notEqual(fs.statSync(file).ino, inodeBefore, 'replaced by the rename, not rewritten in place');
    assert.equal(fs.readFileSync(file, 'utf8'), '{"new":true}');
    assert.ok(!faulty.steps.includes('chmod'), 'Windows has no POSIX modes');
    assert.equal(faulty.steps.filter((s) => s === 'open').length, 1, 'no directory opened for fsync');
  });

  test('on Windows a rename that stays refused falls back in place after about 200 ms, EACCES included', async (t) => {
    const dir = tempDir(t);
    const file = path.join(dir, '.credentials.json');
    fs.writeFileSync(file, '{"old":true,"longer":"than the new contents"}');
    const faulty = faultyFs({ refuse: { rename: 'EACCES' } });
    const started = Date.now();
    await writeFileAtomic(file, '{"new":true}', { fs: faulty.fs, platform: 'win32' });
    const waited = Date.now() - started;
    assert.equal(fs.readFileSync(file, 'utf8'), '{"new":true}');
    assert.equal(faulty.steps.filter((s) => s === 'rename').length, 5);
    // Retried for a while first (a lower bound: the retries' own waits); how long is never judged from above here.
    assert.ok(waited >= 150, `waited ${waited} ms`);
    assert.deepEqual(fs.readdirSync(dir), ['.credentials.json']);
  });
});

describe('a login entry of an unexpected form (a newer CLI, a type drift) is replaced alone', () => {
  const drifted = { ...login, expiresAt: '2026-01-01T00:00:00Z', tokenFormat: 2 };

  test('writeLogin keeps every other key in place, replaces only claudeAiOauth, and keeps the old bytes aside', async (t) => {
    const { location } = homeLocation(t);
    const before = { mcpOAuth: keysBesideTheLogin.mcpOAuth, claudeAiOauth: drifted, pluginSecrets: keysBesideTheLogin.pluginSecrets, someFutureKey: keysBesideTheLogin.someFutureKey };
    seed(location, before);
    const original = fs.readFileSync(location.credentialsFile, 'utf8');
    const result = await writeLogin(location, login, { now: new Date('2025-03-04T05:06:07Z') });
    const after = fileJson(location);
    assert.deepEqual(after, { ...before, claudeAiOauth: login }, 'every other key kept, the entry replaced whole');
    assert.deepEqual(Object.keys(after), Object.keys(before), 'in the same order');
    const backup = `${location.credentialsFile}.corrupt-20250304T050607Z`;
    assert.deepEqual(result, {
      written: true,
      path: location.credentialsFile,
      keptAside: { path: backup, problem: { kind: 'unrecognised_login', fields: ['claudeAiOauth.expiresAt'] } },
    });
    assert.equal(fs.readFileSync(backup, 'utf8'), original);
    assert.equal(modeOf(backup), 0o600);
  });

  test('a refresh (compare-and-swap) leaves such a file alone', async (t) => {
    const { location } = homeLocation(t);
    seed(location, { claudeAiOauth: drifted, ...keysBesideTheLogin });
    const before = fs.readFileSync(location.credentialsFile);
    assert.deepEqual(await writeLogin(location, login, { ifRefreshTokenIs: login.refreshToken }), { written: false });
    assert.deepEqual(fs.readFileSync(location.credentialsFile), before);
  });

  test('sign-out removes it (what the user asked), keeps the rest and a copy of the old bytes', async (t) => {
    const { location } = homeLocation(t);
    seed(location, { claudeAiOauth: drifted, ...keysBesideTheLogin });
    const original = fs.readFileSync(location.credentialsFile, 'utf8');
    const result = await removeLogin(location);
    assert.deepEqual(fileJson(location), keysBesideTheLogin, 'the login is gone, everything else kept');
    assert.ok(result.removed && result.keptAside, JSON.stringify(result));
    assert.deepEqual(result.keptAside.problem, { kind: 'unrecognised_login', fields: ['claudeAiOauth.expiresAt'] });
    assert.equal(fs.readFileSync(result.keptAside.path, 'utf8'), original);
    assert.equal(modeOf(result.keptAside.path), 0o600);
  });
});

/**
 * Rewrites `file` in place as Claude Code 2.1.112 does (`writeFileSync`: open with truncation, then write), caught
 * after `torn` (a prefix of `whole`) and finished `ms` later on the same descriptor.
 */
function tearFor(file: string, torn: string, whole: string, ms: number): Promise<void> {
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, torn);
  return new Promise((resolve) =>
    setTimeout(() => {
      fs.writeSync(fd, whole.slice(torn.length));
      fs.closeSync(fd);
      resolve();
    }, ms),
  );
}

function backupsIn(dir: string): string[] {
  return fs.readdirSync(dir).filter((name) => name.includes('.corrupt-'));
}

describe('a torn read (the CLI rewriting in place) is read again, not called corrupt', () => {
  for (const [name, tear] of [
    ['empty', () => ''],
    ['half written', (whole: string) => whole.slice(0, whole.length / 2)],
  ] as const) {
    test(`readCredentials of a file caught ${name}`, async (t) => {
      const { location } = homeLocation(t);
      const whole = JSON.stringify({ claudeAiOauth: login, ...keysBesideTheLogin });
      seed(location, whole);
      const restored = tearFor(location.credentialsFile, tear(whole), whole, 60);
      const result = await readCredentials(location);
      await restored;
      assert.deepEqual(result, { state: 'ok', file: JSON.parse(whole), login });
    });

    test(`writeLogin over a file caught ${name}: no backup, no key lost`, async (t) => {
      const { location } = homeLocation(t);
      const whole = JSON.stringify({ claudeAiOauth: login, ...keysBesideTheLogin });
      seed(location, whole);
      const restored = tearFor(location.credentialsFile, tear(whole), whole, 40);
      const fresh = { ...login, accessToken: 'sk-ant-oat01-fresh' };
      const result = await writeLogin(location, fresh);
      await restored;
      assert.deepEqual(fileJson(location), { claudeAiOauth: fresh, ...keysBesideTheLogin });
      assert.deepEqual(backupsIn(location.configDir), []);
      assert.deepEqual(result, { written: true, path: location.credentialsFile });
    });
  }

  test('a file that stays broken is still called corrupt after its re-reads', async (t) => {
    const { location } = homeLocation(t);
    seed(location, '{"claudeAiOauth":');
    assert.deepEqual(await readCredentials(location), { state: 'corrupt', reason: { kind: 'not_json' } });
  });
});

describe('a symlinked credentials file (dotfile managers, GNU stow) is written through, and stays a link', () => {
  function linked(t: Parameters<typeof tempDir>[0], content?: string | object) {
    const { home, location } = homeLocation(t);
    const dotfiles = path.join(home, 'dotfiles', 'claude');
    const target = path.join(dotfiles, 'credentials.json');
    fs.mkdirSync(dotfiles, { recursive: true, mode: 0o700 });
    fs.mkdirSync(location.configDir, { recursive: true, mode: 0o700 });
    if (content !== undefined) {
      fs.writeFileSync(target, typeof content === 'string' ? content : JSON.stringify(content), { mode: 0o600 });
    }
    return { home, location, dotfiles, target };
  }

  function assertStillLinked(link: string, pointsTo: string): void {
    assert.ok(fs.lstatSync(link).isSymbolicLink(), `${link} is still a symlink`);
    assert.equal(fs.readlinkSync(link), pointsTo);
  }

  test('an absolute link: the target gets the new login (0600), the link stays, no temp file anywhere', async (t) => {
    const { location, dotfiles, target } = linked(t, { claudeAiOauth: login, ...keysBesideTheLogin });
    fs.symlinkSync(target, location.credentialsFile);
    const fresh = { ...login, accessToken: 'sk-ant-oat01-fresh' };
    assert.equal((await writeLogin(location, fresh)).written, true);
    assertStillLinked(location.credentialsFile, target);
    assert.deepEqual(JSON.parse(fs.readFileSync(target, 'utf8')), { claudeAiOauth: fresh, ...keysBesideTheLogin });
    assert.equal(modeOf(target), 0o600);
    assert.deepEqual(fs.readdirSync(dotfiles), ['credentials.json']);
    assert.deepEqual(fs.readdirSync(location.configDir), ['.credentials.json']);
  });

  test('a chain of relative links is followed to its end', async (t) => {
    const { location, dotfiles, target } = linked(t, { claudeAiOauth: login, ...keysBesideTheLogin });
    fs.symlinkSync('credentials.json', path.join(dotfiles, 'current'));
    fs.symlinkSync(path.join('..', 'dotfiles', 'claude', 'current'), location.credentialsFile);
    await writeLogin(location, { ...login, accessToken: 'sk-ant-oat01-fresh' });
    assertStillLinked(location.credentialsFile, path.join('..', 'dotfiles', 'claude', 'current'));
    assertStillLinked(path.join(dotfiles, 'current'), 'credentials.json');
    assert.equal(JSON.parse(fs.readFileSync(target, 'utf8')).claudeAiOauth.accessToken, 'sk-ant-oat01-fresh');
  });

  test('a dangling link: the target is created (0600) and the link stays', async (t) => {
    const { location, target } = linked(t);
    fs.symlinkSync(target, location.credentialsFile);
    await writeLogin(location, login);
    assertStillLinked(location.credentialsFile, target);
    assert.deepEqual(JSON.parse(fs.readFileSync(target, 'utf8')), { claudeAiOauth: login });
    assert.equal(modeOf(target), 0o600);
  });

  test('a corrupt target is kept aside next to the target; the link stays', async (t) => {
    const { location, dotfiles, target } = linked(t, '{"claudeAiOauth":');
    fs.symlinkSync(target, location.credentialsFile);
    const result = await writeLogin(location, login, { now: new Date('2025-03-04T05:06:07Z') });
    assertStillLinked(location.credentialsFile, target);
    assert.deepEqual(fs.readdirSync(dotfiles).sort(), ['credentials.json', 'credentials.json.corrupt-20250304T050607Z']);
    assert.ok(result.written && result.keptAside?.path === path.join(dotfiles, 'credentials.json.corrupt-20250304T050607Z'));
    assert.deepEqual(JSON.parse(fs.readFileSync(target, 'utf8')), { claudeAiOauth: login });
  });

  test('sign-out writes through the link too', async (t) => {
    const { location, target } = linked(t, { claudeAiOauth: login, ...keysBesideTheLogin });
    fs.symlinkSync(target, location.credentialsFile);
    assert.equal((await removeLogin(location)).removed, true);
    assertStillLinked(location.credentialsFile, target);
    assert.deepEqual(JSON.parse(fs.readFileSync(target, 'utf8')), keysBesideTheLogin);
  });
});
