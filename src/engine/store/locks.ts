// The lock protocol Claude Code uses around its files, in one place. Every lock is a proper-lockfile lock: an
// atomic `mkdir` of a `.lock` directory whose mtime the holder keeps touching, broken by others once older than
// `stale`. We use the same library the CLI bundles so both sides agree on every detail.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as lockfile from 'proper-lockfile';
import { ensurePrivateDirectory } from '../../credentials/fileSystem';
import { LockBusyError, LockCompromisedError } from '../../credentials/lockErrors';
import { assertUsableLocation, type ClaudeLocation } from '../../credentials/location';

/** Held around every write of `.credentials.json`. */
export const STORAGE_WRITE_LOCK_NAME = '.storage-write.lock';
/** Held (with the legacy lock) while a refresh token is spent. */
export const OAUTH_REFRESH_LOCK_NAME = '.oauth_refresh.lock';

/** Stale thresholds the CLI uses for each lock. */
export const STORAGE_WRITE_LOCK_STALE_MS = 15_000;
export const OAUTH_REFRESH_LOCK_STALE_MS = 60_000;
export const LEGACY_REFRESH_LOCK_STALE_MS = 10_000;
/** proper-lockfile's default, which the CLI keeps for `.claude.json`. */
export const FILE_LOCK_STALE_MS = 10_000;

/** How long we wait for a lock someone else holds before giving up. */
export const DEFAULT_LOCK_WAIT_MS = 10_000;

export interface LockWaitOptions {
  /** Give up after this long (milliseconds). Default {@link DEFAULT_LOCK_WAIT_MS}. */
  readonly maxWaitMs?: number;
  /** Called when a lock is found held by someone else and the wait begins (once per lock). */
  readonly onWait?: (lockPath: string) => void;
}

/** `<secureStorageDir>/.storage-write.lock`: beside the credentials file (`CLAUDE_SECURESTORAGE_CONFIG_DIR` moves both; 2.1.332). */
export function storageWriteLockPath(location: ClaudeLocation): string {
  return path.join(location.secureStorageDir, STORAGE_WRITE_LOCK_NAME);
}

/** `<secureStorageDir>/.oauth_refresh.lock` (2.1.332 keeps the refresh lock in the secure-storage folder too). */
export function oauthRefreshLockPath(location: ClaudeLocation): string {
  return path.join(location.secureStorageDir, OAUTH_REFRESH_LOCK_NAME);
}

/**
 * `<realpath(configDir)>.lock` (normally `~/.claude.lock`): older CLIs lock the config directory itself with
 * proper-lockfile's defaults, which resolve symlinks. Falls back to the unresolved path if the directory is missing.
 */
export function legacyRefreshLockPath(location: ClaudeLocation): string {
  let dir = path.resolve(location.configDir);
  try {
    dir = fs.realpathSync(dir);
  } catch {
    // The directory does not exist yet; the CLI creates it before locking, and so do we.
  }
  return `${dir}.lock`;
}

/** `<file>.lock`, as for `.claude.json`. */
export function fileLockPath(file: string): string {
  return `${path.resolve(file)}.lock`;
}

/** Every lock path the CLI and we may hold for this location, for diagnostics. */
export function allLockPaths(location: ClaudeLocation): string[] {
  return [
    storageWriteLockPath(location),
    oauthRefreshLockPath(location),
    legacyRefreshLockPath(location),
    fileLockPath(location.globalConfigFile),
  ];
}

/**
 * Runs `fn` while holding the storage-write lock. `fn` gets a signal that aborts if the lock is lost; check it
 * right before committing a write.
 */
export async function withStorageWriteLock<T>(
  location: ClaudeLocation,
  fn: (lost: AbortSignal) => Promise<T>,
  options: LockWaitOptions = {},
): Promise<T> {
  assertUsableLocation(location);
  await ensurePrivateDirectory(location.secureStorageDir);
  return withLock({ lockPath: storageWriteLockPath(location), staleMs: STORAGE_WRITE_LOCK_STALE_MS }, fn, options);
}

/**
 * Runs `fn` while holding both refresh locks: `.oauth_refresh.lock` first, then the legacy
 * `<realpath(configDir)>.lock`; released in reverse order.
 */
export async function withRefreshLocks<T>(
  location: ClaudeLocation,
  fn: (lost: AbortSignal) => Promise<T>,
  options: LockWaitOptions = {},
): Promise<T> {
  assertUsableLocation(location);
  await ensurePrivateDirectory(location.secureStorageDir);
  await ensurePrivateDirectory(location.configDir);
  return withLock(
    { lockPath: oauthRefreshLockPath(location), staleMs: OAUTH_REFRESH_LOCK_STALE_MS },
    (outerLost) =>
      withLock(
        { lockPath: legacyRefreshLockPath(location), staleMs: LEGACY_REFRESH_LOCK_STALE_MS },
        (innerLost) => fn(AbortSignal.any([outerLost, innerLost])),
        options,
      ),
    options,
  );
}

/** Runs `fn` while holding `<file>.lock` (the file itself may not exist yet; its directory is created). */
export async function withFileLock<T>(
  file: string,
  fn: (lost: AbortSignal) => Promise<T>,
  options: LockWaitOptions = {},
): Promise<T> {
  await ensurePrivateDirectory(path.dirname(path.resolve(file)));
  return withLock({ lockPath: fileLockPath(file), staleMs: FILE_LOCK_STALE_MS }, fn, options);
}

export interface LockSpec {
  /** The `.lock` directory. */
  readonly lockPath: string;
  /** Others break the lock once its mtime is older than this (proper-lockfile: at least 2000). */
  readonly staleMs: number;
}

const FIRST_RETRY_DELAY_MS = 25;
const MAX_RETRY_DELAY_MS = 500;

/**
 * The primitive under the named locks: runs `fn` holding the proper-lockfile lock directory `spec.lockPath`.
 * `fn` decides what a lost lock means for it (check the signal before committing); what `fn` returns is what
 * happened, so a lock lost after the commit does not turn a completed write into an error.
 */
export async function withLock<T>(
  spec: LockSpec,
  fn: (lost: AbortSignal) => Promise<T>,
  { maxWaitMs = DEFAULT_LOCK_WAIT_MS, onWait }: LockWaitOptions = {},
): Promise<T> {
  const lost = new AbortController();
  const release = await acquire(spec, maxWaitMs, onWait, (err) => {
    // proper-lockfile's default here is to throw from a timer, which would take the whole extension host down.
    lost.abort(new LockCompromisedError(spec.lockPath, (err as NodeJS.ErrnoException).code));
  });
  try {
    return await fn(lost.signal);
  } finally {
    if (!lost.signal.aborted) {
      await release().catch(() => {
        // Already gone (released or taken over): nothing left to undo.
      });
    }
  }
}

async function acquire(
  spec: LockSpec,
  maxWaitMs: number,
  onWait: LockWaitOptions['onWait'],
  onCompromised: (err: Error) => void,
): Promise<() => Promise<void>> {
  const started = Date.now();
  let delay = FIRST_RETRY_DELAY_MS;
  let waiting = false;
  for (;;) {
    try {
      // proper-lockfile keys its in-process bookkeeping by the locked path, not the lock directory, so two locks
      // on the config folder would clash. With realpath off that path is only a key: use the lock directory itself.
      return await lockfile.lock(spec.lockPath, {
        lockfilePath: spec.lockPath,
        realpath: false,
        stale: spec.staleMs,
        retries: 0,
        onCompromised,
      });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err;
    }
    const waited = Date.now() - started;
    if (waited >= maxWaitMs) throw new LockBusyError(spec.lockPath, waited);
    if (!waiting) onWait?.(spec.lockPath);
    waiting = true;
    const jittered = delay / 2 + Math.random() * delay;
    await sleep(Math.min(jittered, maxWaitMs - waited));
    delay = Math.min(delay * 2, MAX_RETRY_DELAY_MS);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
