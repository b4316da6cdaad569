import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { resolveClaudeLocation } from '../../src/credentials/location';
import {
  allLockPaths,
  fileLockPath,
  legacyRefreshLockPath,
  withLock,
  oauthRefreshLockPath,
  storageWriteLockPath,
  withFileLock,
  withRefreshLocks,
  withStorageWriteLock,
} from '../../src/engine/store/locks';
import { writeLogin } from '../../src/engine/store/credentialsFile';
import { LockBusyError, LockCompromisedError } from '../../src/credentials/lockErrors';
import { tempDir } from '../support/tempDirs';

describe('lock paths', () => {
  test('are the ones the CLI uses', (t) => {
    const home = tempDir(t);
    const location = resolveClaudeLocation({}, home);
    assert.equal(storageWriteLockPath(location), path.join(home, '.claude', '.storage-write.lock'));
    assert.equal(oauthRefreshLockPath(location), path.join(home, '.claude', '.oauth_refresh.lock'));
    assert.equal(legacyRefreshLockPath(location), path.join(home, '.claude.lock'));
    assert.equal(fileLockPath(location.globalConfigFile), path.join(home, '.claude.json.lock'));
    assert.equal(allLockPaths(location).length, 4);
  });

  test('the legacy refresh lock follows a symlinked config folder to its real path', (t) => {
    const home = tempDir(t);
    const real = path.join(tempDir(t), 'real-claude');
    fs.mkdirSync(real);
    fs.symlinkSync(real, path.join(home, '.claude'));
    assert.equal(legacyRefreshLockPath(resolveClaudeLocation({}, home)), `${real}.lock`);
  });
});

describe('withRefreshLocks', () => {
  test('holds .oauth_refresh.lock and the legacy lock while running, then releases both', async (t) => {
    const location = resolveClaudeLocation({}, tempDir(t));
    const held = await withRefreshLocks(location, async () =>
      [oauthRefreshLockPath(location), legacyRefreshLockPath(location)].map((p) => fs.statSync(p).isDirectory()),
    );
    assert.deepEqual(held, [true, true]);
    assert.equal(fs.existsSync(oauthRefreshLockPath(location)), false);
    assert.equal(fs.existsSync(legacyRefreshLockPath(location)), false);
  });

  test('a credentials write nests inside the refresh locks (as refresh does) and every lock is released', async (t) => {
    const location = resolveClaudeLocation({}, tempDir(t));
    const result = await withRefreshLocks(location, () =>
      writeLogin(location, { accessToken: 'sk-ant-oat01-a', refreshToken: 'sk-ant-ort01-b', expiresAt: 1, scopes: ['user:inference'] }),
    );
    assert.equal(result.written, true);
    for (const lock of allLockPaths(location)) assert.equal(fs.existsSync(lock), false, lock);
  });

  test('busy when the legacy lock is held by someone else, and the first lock is released again', async (t) => {
    const location = resolveClaudeLocation({}, tempDir(t));
    fs.mkdirSync(location.configDir, { recursive: true });
    fs.mkdirSync(legacyRefreshLockPath(location));
    await assert.rejects(
      withRefreshLocks(location, async () => assert.fail('must not run'), { maxWaitMs: 200 }),
      (err: unknown) => err instanceof LockBusyError && err.lockPath === legacyRefreshLockPath(location),
    );
    assert.equal(fs.existsSync(oauthRefreshLockPath(location)), false);
  });
});

describe('withStorageWriteLock / withFileLock', () => {
  test('release the lock when the work throws, and pass the error on', async (t) => {
    const location = resolveClaudeLocation({}, tempDir(t));
    await assert.rejects(withStorageWriteLock(location, async () => { throw new Error('boom'); }), /boom/);
    assert.equal(fs.existsSync(storageWriteLockPath(location)), false);
    const file = path.join(tempDir(t), 'sub', '.claude.json');
    assert.equal(await withFileLock(file, async () => fs.existsSync(`${file}.lock`)), true);
    assert.equal(fs.existsSync(`${file}.lock`), false);
  });
});

describe('a lock lost while held', () => {
  test('fails that operation with LockCompromisedError at its commit check instead of crashing the process', async (t) => {
    const lockPath = path.join(tempDir(t), 'thing.lock');
    let sawAbort = false;
    await assert.rejects(
      withLock({ lockPath, staleMs: 2_000 }, async (lost) => {
        fs.rmdirSync(lockPath); // someone broke our lock
        await new Promise((resolve) => setTimeout(resolve, 1_500)); // proper-lockfile notices at its next refresh
        sawAbort = lost.aborted;
        lost.throwIfAborted(); // the commit point: nothing is written without the lock
        return 'wrote anyway';
      }),
      (err: unknown) => err instanceof LockCompromisedError && err.lockPath === lockPath,
    );
    assert.equal(sawAbort, true, 'the work could see the loss before committing');
  });

  test('work that already committed reports what it did, not an error', async (t) => {
    const lockPath = path.join(tempDir(t), 'thing.lock');
    const result = await withLock({ lockPath, staleMs: 2_000 }, async (lost) => {
      fs.rmdirSync(lockPath);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      assert.equal(lost.aborted, true);
      return 'written before the loss was noticed';
    });
    assert.equal(result, 'written before the loss was noticed');
  });
});
