// Replaces a JSON file so that readers see the old or the new contents, never half of either — the way newer CLIs
// write `.credentials.json`: temp file (O_EXCL, 0600) + fsync + rename + fsync of the directory. Where a rename
// cannot work, the file is rewritten in place so that a failure at any step leaves the old contents.
import * as crypto from 'node:crypto';
import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import type { AtomicWriteFs, WriteHandle } from '../../credentials/credentialStore';
import { FileNotPrivateError, followSymlinks, readBytesIfExists } from '../../credentials/fileSystem';

export type { AtomicWriteFs, WriteHandle } from '../../credentials/credentialStore';

export const nodeAtomicWriteFs: AtomicWriteFs = {
  open: (file, flags, mode) => nodeFs.promises.open(file, flags, mode),
  rename: (from, to) => nodeFs.promises.rename(from, to),
  unlink: (file) => nodeFs.promises.unlink(file),
};

export interface AtomicWriteOptions {
  /** Mode of the file when done, whichever way it was written. Default 0600. */
  readonly mode?: number;
  readonly fs?: AtomicWriteFs;
  /** Whose rules apply; default `process.platform`. Windows has no POSIX modes, and scanners hold files briefly. */
  readonly platform?: NodeJS.Platform;
}

/**
 * A file that cannot be renamed over (a bind-mounted file, another device, Windows sharing rules) answers with
 * one of these; then the only way left is to rewrite it in place.
 */
const RENAME_FALLBACK_CODES = new Set(['EXDEV', 'EPERM', 'EEXIST', 'EBUSY']);
/** On Windows an antivirus or indexer holding the file for a moment fails the rename with one of these. */
const WINDOWS_BUSY_CODES = new Set(['EPERM', 'EBUSY', 'EACCES']);
/** Pauses between the five tries of a rename on Windows: about 200 ms in all. */
const WINDOWS_RENAME_PAUSES_MS = [20, 40, 60, 80];

const { O_CREAT, O_EXCL, O_RDONLY, O_WRONLY } = nodeFs.constants;

/** Writes `data` (JSON text: the in-place path pads it with spaces) to `file`, or to the end of its symlinks. */
export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  { mode = 0o600, fs = nodeAtomicWriteFs, platform = process.platform }: AtomicWriteOptions = {},
): Promise<void> {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const windows = platform === 'win32';
  // The link stays a link; the temp file and the rename happen next to what it points at.
  const target = await followSymlinks(file);
  const temp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.tmp-${process.pid}-${crypto.randomBytes(6).toString('hex')}`,
  );
  let tempExists = false;
  try {
    const handle = await fs.open(temp, O_CREAT | O_EXCL | O_WRONLY, mode);
    tempExists = true;
    try {
      // The umask may have narrowed the mode at creation; make it exact before the secret goes in.
      if (!windows) await makePrivate(handle, target, mode);
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await renameRetryingOnWindows(fs, temp, target, windows);
      tempExists = false;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      if (!RENAME_FALLBACK_CODES.has(code) && !(windows && WINDOWS_BUSY_CODES.has(code))) throw err;
      await writeInPlace(target, bytes, mode, fs, windows);
      return;
    }
    // Windows cannot open a directory to fsync it.
    if (!windows) await syncDirectory(path.dirname(target), fs);
  } finally {
    if (tempExists) await fs.unlink(temp).catch(() => undefined);
  }
}

async function renameRetryingOnWindows(fs: AtomicWriteFs, from: string, to: string, windows: boolean): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fs.rename(from, to);
    } catch (err) {
      const busy = WINDOWS_BUSY_CODES.has((err as NodeJS.ErrnoException).code ?? '');
      if (!windows || !busy || attempt >= WINDOWS_RENAME_PAUSES_MS.length) throw err;
      await new Promise((resolve) => setTimeout(resolve, WINDOWS_RENAME_PAUSES_MS[attempt]));
    }
  }
}

/**
 * Rewrites the file itself. Never truncates first: the new bytes, padded with spaces to the old length (JSON
 * ignores them), go over the old ones, and only then is the file cut to size — so it parses after every step. If
 * a step fails, the old bytes are put back (best effort).
 */
async function writeInPlace(file: string, bytes: Uint8Array, mode: number, fs: AtomicWriteFs, windows: boolean): Promise<void> {
  const old = await readBytesIfExists(file);
  const handle = await fs.open(file, O_WRONLY | O_CREAT, mode);
  try {
    if (!windows) await makePrivate(handle, file, mode);
    const size = Math.max(bytes.length, old?.length ?? 0);
    try {
      await writeAll(handle, padded(bytes, size));
      await handle.truncate(bytes.length);
      await handle.sync();
    } catch (err) {
      await (old ? putBack(handle, old, size) : fs.unlink(file)).catch(() => undefined);
      throw err;
    }
  } finally {
    await handle.close();
  }
}

async function putBack(handle: WriteHandle, old: Buffer, size: number): Promise<void> {
  await writeAll(handle, padded(old, size));
  await handle.truncate(old.length);
  await handle.sync();
}

/**
 * Sets the mode before any secret goes in. Where chmod is refused (CIFS, 9p, a file another user owns) the write
 * goes ahead only if nobody the mode excludes can read the file anyway.
 */
async function makePrivate(handle: WriteHandle, file: string, mode: number): Promise<void> {
  try {
    await handle.chmod(mode);
  } catch (err) {
    const actual = (await handle.stat()).mode & 0o777;
    if ((actual & ~mode & 0o044) !== 0) throw new FileNotPrivateError(file, actual, (err as NodeJS.ErrnoException).code);
  }
}

async function writeAll(handle: WriteHandle, bytes: Uint8Array): Promise<void> {
  for (let done = 0; done < bytes.length; ) {
    done += (await handle.write(bytes, done, bytes.length - done, done)).bytesWritten;
  }
}

function padded(bytes: Uint8Array, size: number): Uint8Array {
  return bytes.length >= size ? bytes : Buffer.concat([bytes, Buffer.alloc(size - bytes.length, ' ')]);
}

/** Makes the rename itself durable. Best effort: not every file system can sync a directory. */
async function syncDirectory(dir: string, fs: AtomicWriteFs): Promise<void> {
  let handle: WriteHandle | undefined;
  try {
    handle = await fs.open(dir, O_RDONLY);
    await handle.sync();
  } catch {
    // Best effort.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
