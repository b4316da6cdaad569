// Replaces a file so that readers see the old or the new contents, never half of either — the way newer CLIs
// write `.credentials.json`: temp file (O_EXCL, 0600) + fsync + rename + fsync of the directory.
import * as crypto from 'node:crypto';
import * as nodeFs from 'node:fs';
import * as path from 'node:path';

/** The few file-system calls a write needs; tests swap some of them to simulate failures. */
export interface AtomicWriteFs {
  open(file: string, flags: number, mode?: number): Promise<nodeFs.promises.FileHandle>;
  rename(from: string, to: string): Promise<void>;
  unlink(file: string): Promise<void>;
}

export const nodeAtomicWriteFs: AtomicWriteFs = {
  open: (file, flags, mode) => nodeFs.promises.open(file, flags, mode),
  rename: (from, to) => nodeFs.promises.rename(from, to),
  unlink: (file) => nodeFs.promises.unlink(file),
};

export interface AtomicWriteOptions {
  /** Mode of the file when done, whichever way it was written. Default 0600. */
  readonly mode?: number;
  readonly fs?: AtomicWriteFs;
}

/**
 * A file that cannot be renamed over (a bind-mounted file, another device, Windows sharing rules) answers with
 * one of these; then the only way left is to rewrite it in place.
 */
const RENAME_FALLBACK_CODES = new Set(['EXDEV', 'EPERM', 'EEXIST', 'EBUSY']);

const { O_CREAT, O_EXCL, O_WRONLY, O_TRUNC } = nodeFs.constants;

export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  { mode = 0o600, fs = nodeAtomicWriteFs }: AtomicWriteOptions = {},
): Promise<void> {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const temp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.tmp-${process.pid}-${crypto.randomBytes(6).toString('hex')}`,
  );
  let tempExists = false;
  try {
    const handle = await fs.open(temp, O_CREAT | O_EXCL | O_WRONLY, mode);
    tempExists = true;
    try {
      await handle.writeFile(bytes);
      // The umask may have narrowed the mode at creation; make it exact.
      await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await fs.rename(temp, file);
      tempExists = false;
    } catch (err) {
      if (!RENAME_FALLBACK_CODES.has((err as NodeJS.ErrnoException).code ?? '')) throw err;
      await writeInPlace(file, bytes, mode, fs);
      return;
    }
    await syncDirectory(path.dirname(file));
  } finally {
    if (tempExists) await fs.unlink(temp).catch(() => undefined);
  }
}

async function writeInPlace(file: string, bytes: Uint8Array, mode: number, fs: AtomicWriteFs): Promise<void> {
  const handle = await fs.open(file, O_WRONLY | O_TRUNC | O_CREAT, mode);
  try {
    // Narrow the mode before the secret lands in the file.
    await handle.chmod(mode);
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes the rename itself durable. Not every platform can open a directory (Windows cannot); that is fine. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: nodeFs.promises.FileHandle | undefined;
  try {
    handle = await nodeFs.promises.open(dir, 'r');
    await handle.sync();
  } catch {
    // Best effort.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
