// Lock directories the CLI (or we) left behind. Each is broken by the next writer once older than its stale time,
// so a stale one is only a problem when this user cannot remove it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ClaudeLocation } from '../../credentials/location';
import {
  FILE_LOCK_STALE_MS,
  fileLockPath,
  LEGACY_REFRESH_LOCK_STALE_MS,
  legacyRefreshLockPath,
  OAUTH_REFRESH_LOCK_STALE_MS,
  oauthRefreshLockPath,
  STORAGE_WRITE_LOCK_STALE_MS,
  storageWriteLockPath,
} from '../store/locks';
import { accessError, statIfExists } from './fileAccess';
import { finding, type Finding } from './findings';

export interface LockToCheck {
  readonly path: string;
  readonly staleMs: number;
}

/** Every lock of `allLockPaths`, with the stale time the CLI gives it. */
export function locksToCheck(location: ClaudeLocation): LockToCheck[] {
  return [
    { path: storageWriteLockPath(location), staleMs: STORAGE_WRITE_LOCK_STALE_MS },
    { path: oauthRefreshLockPath(location), staleMs: OAUTH_REFRESH_LOCK_STALE_MS },
    { path: legacyRefreshLockPath(location), staleMs: LEGACY_REFRESH_LOCK_STALE_MS },
    { path: fileLockPath(location.globalConfigFile), staleMs: FILE_LOCK_STALE_MS },
  ];
}

export async function checkLocks(location: ClaudeLocation, now: number): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const lock of locksToCheck(location)) {
    const stats = await statIfExists(lock.path);
    if (!stats) continue;
    const ageMs = Math.max(0, now - stats.mtimeMs);
    const params = { path: lock.path, ageSeconds: Math.round(ageMs / 1000), staleSeconds: lock.staleMs / 1000 };
    if (ageMs <= lock.staleMs) {
      findings.push(finding('lock_held', 'info', params));
      continue;
    }
    // Breaking a lock is an `rmdir`, which needs write access to the folder holding it.
    const removable = !(await accessError(path.dirname(lock.path), fs.constants.W_OK | fs.constants.X_OK));
    findings.push(finding('stale_lock', removable ? 'info' : 'warning', params));
  }
  return findings;
}
