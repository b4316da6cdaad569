// Small file-system steps shared by the credentials store and the global config.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FILE_SIZE_LIMITS, FileSkippedError, readSmallFile } from './smallFile';

/**
 * Creates `dir` (and missing parents) as 0700. A directory that already exists is left exactly as it is: it
 * belongs to the user (or the CLI), not to us.
 */
export async function ensurePrivateDirectory(dir: string): Promise<void> {
  const firstCreated = await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
  if (firstCreated === undefined) return;
  // The umask may have narrowed the mode of what we just created; make it exactly 0700, and only there.
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    await fs.promises.chmod(d, 0o700);
    if (d === path.resolve(firstCreated) || d === path.dirname(d)) break;
  }
}

/**
 * Reads a file's bytes; `undefined` when it does not exist. A file that is not a regular one, or is over
 * `limitBytes` (by default the largest file we read at all), throws {@link FileSkippedError} unread; other errors
 * (EACCES, …) are thrown as they are.
 */
export async function readBytesIfExists(file: string, limitBytes: number = FILE_SIZE_LIMITS.globalConfig): Promise<Buffer | undefined> {
  const read = await readSmallFile(file, limitBytes);
  if (read.state === 'skipped') throw new FileSkippedError(file, read);
  return read.state === 'read' ? read.bytes : undefined;
}

/** Re-reads of a file that does not parse, this far apart: long enough for a rewrite in progress to finish. */
export const TORN_READ_PAUSES_MS: readonly number[] = [50, 50, 50];

/**
 * Reads and parses a file; while `isWhole` says no, reads it again after a short pause, a few times. Claude Code
 * 2.1.112 rewrites its files in place (truncate, then write) without a lock, so a read can land in between and see
 * an empty or half-written file. `undefined` when the file does not exist; {@link FileSkippedError} when it is not a
 * regular file of at most `limitBytes`.
 */
export async function readWhole<T>(
  file: string,
  parse: (text: string) => T,
  isWhole: (parsed: T) => boolean,
  limitBytes: number,
): Promise<{ readonly parsed: T; readonly bytes: Buffer } | undefined> {
  for (let reread = 0; ; reread++) {
    const bytes = await readBytesIfExists(file, limitBytes);
    if (bytes === undefined) return undefined;
    const parsed = parse(bytes.toString('utf8'));
    if (isWhole(parsed) || reread >= TORN_READ_PAUSES_MS.length) return { parsed, bytes };
    await new Promise((resolve) => setTimeout(resolve, TORN_READ_PAUSES_MS[reread]));
  }
}

/**
 * The file a write to `file` must change: the end of its chain of symlinks (relative ones resolved from the link's
 * folder), which may not exist yet. The CLI writes through a link (dotfile managers, GNU stow), so do we.
 */
export async function followSymlinks(file: string): Promise<string> {
  let current = path.resolve(file);
  for (let hops = 0; hops < 40; hops++) {
    let isLink: boolean;
    try {
      isLink = (await fs.promises.lstat(current)).isSymbolicLink();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return current;
      throw err;
    }
    if (!isLink) return current;
    current = path.resolve(path.dirname(current), await fs.promises.readlink(current));
  }
  throw Object.assign(new Error(`Too many levels of symbolic links at ${file}.`), { code: 'ELOOP' });
}

/**
 * Keeps a file we are about to replace (or change) because we could not use it: the exact bytes, next to it (next
 * to the symlink's target, for a link), as `<file>.corrupt-<YYYYMMDDTHHMMSSZ>`, mode 0600 (it may hold secrets).
 * Returns the path written.
 */
export async function keepCorruptCopy(file: string, bytes: Uint8Array, now: Date = new Date()): Promise<string> {
  const stamp = now.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
  const target = await followSymlinks(file);
  for (let n = 0; ; n++) {
    const backup = `${target}.corrupt-${stamp}${n === 0 ? '' : `-${n}`}`;
    try {
      await fs.promises.writeFile(backup, bytes, { flag: 'wx', mode: 0o600 });
      await fs.promises.chmod(backup, 0o600);
      return backup;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || n >= 100) throw err;
    }
  }
}

/**
 * A file others can read could not be made private, so no secret was put into it. Names the path, never contents.
 * Here, not beside the write that throws it, so the UI can word it without loading the writes.
 */
export class FileNotPrivateError extends Error {
  override readonly name = 'FileNotPrivateError';
  constructor(
    readonly file: string,
    readonly mode: number,
    readonly code: string | undefined,
  ) {
    super(
      `${file} can be read by other users (mode ${mode.toString(8)}) and its mode cannot be changed (${code ?? 'unknown error'}); ` +
        'nothing was written. Make it private (chmod 600) or give it back to your user, then try again.',
    );
  }
}

/** Mode bits of an existing file, or `undefined` when it does not exist. */
export async function modeIfExists(file: string): Promise<number | undefined> {
  try {
    return (await fs.promises.stat(file)).mode & 0o777;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** The credentials file belongs to another user and we may not write it: replacing it would take it from them. */
export class ForeignFileError extends Error {
  override readonly name = 'ForeignFileError';
  constructor(
    readonly file: string,
    readonly ownerUid: number,
    readonly uid: number,
  ) {
    super(`${file} belongs to user ${ownerUid}, not to this user (${uid}), and is read-only here; nothing was written.`);
  }
}

/**
 * Refuses (ForeignFileError) a file that exists, belongs to another user and is read-only to us — e.g. one a
 * `sudo claude` left behind. Renaming over it would still work in our own folder, and take the file from its owner.
 */
export async function assertNotForeignReadOnly(file: string): Promise<void> {
  const uid = process.getuid?.();
  if (uid === undefined) return; // Windows: no owners to compare
  const target = await followSymlinks(file);
  let owner: number;
  try {
    owner = (await fs.promises.stat(target)).uid;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  if (owner === uid) return;
  try {
    await fs.promises.access(target, fs.constants.W_OK);
  } catch {
    throw new ForeignFileError(file, owner, uid);
  }
}
