// Small file-system steps shared by the credentials store and the global config.
import * as fs from 'node:fs';
import * as path from 'node:path';

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

/** Reads a file's bytes; `undefined` when it does not exist. Other errors (EACCES, EISDIR, …) are thrown. */
export async function readBytesIfExists(file: string): Promise<Buffer | undefined> {
  try {
    return await fs.promises.readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Keeps a file we are about to replace because we could not parse it: the exact bytes, next to it, as
 * `<file>.corrupt-<YYYYMMDDTHHMMSSZ>`, mode 0600 (it may hold secrets). Returns the path written.
 */
export async function keepCorruptCopy(file: string, bytes: Uint8Array, now: Date = new Date()): Promise<string> {
  const stamp = now.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
  for (let n = 0; ; n++) {
    const target = `${file}.corrupt-${stamp}${n === 0 ? '' : `-${n}`}`;
    try {
      await fs.promises.writeFile(target, bytes, { flag: 'wx', mode: 0o600 });
      await fs.promises.chmod(target, 0o600);
      return target;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || n >= 100) throw err;
    }
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
