// Reading a file that someone else may have put in our way. A repository can commit `.claude/settings.json` as a
// link to /dev/zero (a read that never ends: 606 MB at one startup, with no click) or as a FIFO (an open for reading
// that waits for a writer forever), and CLAUDE_CONFIG_DIR or NODE_EXTRA_CA_CERTS can come from a devcontainer. So every
// file the extension reads goes through here: opened without blocking, used only when it is a regular file, and read
// only up to a cap. Links are followed (dotfile managers link the CLI's files); what they point at is what counts.
import * as fs from 'node:fs';

const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * The most we read of each kind of file. Real files are far below these; a file above one is skipped, not cut.
 * - settings: Claude Code's settings.json files (user, project, managed) are a few KB, long permission lists included.
 * - credentials: about 2 KB per MCP server's tokens; 4 MiB holds well over a thousand servers.
 * - globalConfig: `.claude.json` keeps every project's history: users report 15, 65 and 101 MB
 *   (anthropics/claude-code#10192, #6394, #2593). 128 MiB reads all of those; a bigger one is skipped and reported.
 * - caCertificates: a whole public CA bundle is about 220 KB; corporate bundles add a few certificates.
 * - ownState: the extension's own small JSON files (a remembered e-mail, approved servers).
 */
export const FILE_SIZE_LIMITS = {
  settings: 1 * MiB,
  credentials: 4 * MiB,
  globalConfig: 128 * MiB,
  caCertificates: 8 * MiB,
  ownState: 64 * KiB,
} as const;

/** Why a file was not read. */
export type SkipReason = 'not_a_regular_file' | 'too_large';

export interface SkippedFile {
  readonly reason: SkipReason;
  /** The cap it was read against, in bytes. */
  readonly limitBytes: number;
}

export type SmallFileRead =
  | { readonly state: 'missing' }
  | { readonly state: 'read'; readonly bytes: Buffer }
  | ({ readonly state: 'skipped' } & SkippedFile);

/**
 * A file we did not read, for callers whose contract is to throw when a file cannot be read. `code` is what a
 * system error would say (EFTYPE: wrong kind of file; EFBIG: too large), so code-only messages stay sensible.
 */
export class FileSkippedError extends Error {
  override readonly name = 'FileSkippedError';
  readonly code: 'EFTYPE' | 'EFBIG';
  readonly reason: SkipReason;
  readonly limitBytes: number;
  constructor(
    readonly file: string,
    skipped: SkippedFile,
  ) {
    super(
      skipped.reason === 'too_large'
        ? `${file} is larger than ${skipped.limitBytes} bytes; it was not read.`
        : `${file} is not a regular file (a device, a pipe or a folder); it was not read.`,
    );
    this.code = skipped.reason === 'too_large' ? 'EFBIG' : 'EFTYPE';
    this.reason = skipped.reason;
    this.limitBytes = skipped.limitBytes;
  }
}

// O_NONBLOCK: opening a FIFO for reading returns at once instead of waiting for a writer. O_NOCTTY: a terminal
// device does not become our controlling terminal. Neither exists on Windows, where neither applies.
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOCTTY ?? 0);

/**
 * The file's bytes when it is a regular file of at most `limitBytes`; `missing` when it does not exist; `skipped`,
 * with the reason, otherwise — without reading it. Other errors (EACCES, …) are thrown.
 */
export async function readSmallFile(file: string, limitBytes: number): Promise<SmallFileRead> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, OPEN_FLAGS);
  } catch (err) {
    return missingOr(err);
  }
  try {
    const stat = await handle.stat();
    const skipped = skipReason(stat, limitBytes);
    if (skipped) return skipped;
    let buffer: Buffer = Buffer.alloc(Math.min(stat.size, limitBytes) + 1);
    let length = 0;
    for (let read = -1; read !== 0 && (buffer = roomFor(buffer, length, limitBytes)).length > length; length += read) {
      ({ bytesRead: read } = await handle.read(buffer, length, buffer.length - length, length));
    }
    return bytesOrTooLarge(buffer, length, limitBytes);
  } finally {
    await handle.close();
  }
}

/** {@link readSmallFile} for callers that must answer synchronously (a CA bundle, the extension's own files). */
export function readSmallFileSync(file: string, limitBytes: number): SmallFileRead {
  let fd: number;
  try {
    fd = fs.openSync(file, OPEN_FLAGS);
  } catch (err) {
    return missingOr(err);
  }
  try {
    const stat = fs.fstatSync(fd);
    const skipped = skipReason(stat, limitBytes);
    if (skipped) return skipped;
    let buffer: Buffer = Buffer.alloc(Math.min(stat.size, limitBytes) + 1);
    let length = 0;
    for (let read = -1; read !== 0 && (buffer = roomFor(buffer, length, limitBytes)).length > length; length += read) {
      read = fs.readSync(fd, buffer, length, buffer.length - length, length);
    }
    return bytesOrTooLarge(buffer, length, limitBytes);
  } finally {
    fs.closeSync(fd);
  }
}

/** {@link readSmallFile} as text; `undefined` when the file does not exist; throws {@link FileSkippedError}. */
export async function readSmallTextFile(file: string, limitBytes: number): Promise<string | undefined> {
  return textOf(file, await readSmallFile(file, limitBytes));
}

/** {@link readSmallFileSync} as text; `undefined` when the file does not exist; throws {@link FileSkippedError}. */
export function readSmallTextFileSync(file: string, limitBytes: number): string | undefined {
  return textOf(file, readSmallFileSync(file, limitBytes));
}

function textOf(file: string, read: SmallFileRead): string | undefined {
  if (read.state === 'skipped') throw new FileSkippedError(file, read);
  return read.state === 'read' ? read.bytes.toString('utf8') : undefined;
}

function missingOr(err: unknown): SmallFileRead {
  if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing' };
  throw err;
}

function skipReason(stat: fs.Stats, limitBytes: number): SmallFileRead | undefined {
  if (!stat.isFile()) return { state: 'skipped', reason: 'not_a_regular_file', limitBytes };
  if (stat.size > limitBytes) return { state: 'skipped', reason: 'too_large', limitBytes };
  return undefined;
}

/**
 * The buffer to read on into: a file that grew after its stat gets a bigger one, never more than one byte past the
 * cap (reading that byte is how a file grown over the cap is noticed). Full at the cap: the loop ends.
 */
function roomFor(buffer: Buffer, length: number, limitBytes: number): Buffer {
  if (length < buffer.length || buffer.length > limitBytes) return buffer;
  const bigger = Buffer.alloc(Math.min(buffer.length * 2, limitBytes + 1));
  buffer.copy(bigger, 0, 0, length);
  return bigger;
}

function bytesOrTooLarge(buffer: Buffer, length: number, limitBytes: number): SmallFileRead {
  if (length > limitBytes) return { state: 'skipped', reason: 'too_large', limitBytes };
  return { state: 'read', bytes: buffer.subarray(0, length) };
}
