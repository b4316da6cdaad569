// A file system that fails on purpose, for the writes in src/credentials: every call a write makes — open, rename,
// unlink, and on each open file write, truncate, chmod, stat, sync, close — is counted, and the call a test names
// throws (once, or from then on), or a write stops half way. Other calls can be refused every time, as a bind-mounted
// file refuses a rename or a CIFS mount a chmod.
import { nodeAtomicWriteFs, type AtomicWriteFs, type WriteHandle } from '../../src/engine/store/atomicWrite';

export type FsStep = 'open' | 'write' | 'truncate' | 'chmod' | 'stat' | 'sync' | 'close' | 'rename' | 'unlink';

export type FaultKind =
  /** The call throws and does nothing. */
  | 'fails'
  /** The call and every later call of the same step throw. */
  | 'keeps failing'
  /** A write puts half of its bytes down, then throws (disk full). Other steps: as 'fails'. */
  | 'half written';

export interface Fault {
  /** The call to fail, counting every call from 1. */
  readonly at: number;
  readonly kind: FaultKind;
}

/** What a real file system answers at each step. */
const FAULT_CODES: Record<FsStep, string> = {
  open: 'EACCES',
  write: 'ENOSPC',
  truncate: 'EIO',
  chmod: 'EPERM',
  stat: 'EIO',
  sync: 'EIO',
  close: 'EIO',
  rename: 'EIO',
  unlink: 'EBUSY',
};

export interface FaultyFsOptions {
  readonly fault?: Fault;
  /** Steps refused every time with this code, e.g. `{ rename: 'EXDEV' }` to force the in-place path. */
  readonly refuse?: Partial<Record<FsStep, string>>;
  /** Refuse only the first `n` calls of each refused step (then they work). Default: always. */
  readonly refuseTimes?: number;
  /** Refuse only calls on this file (its handles, a rename onto it), as for a file someone else owns. Default: all. */
  readonly refuseFile?: string;
}

export interface FaultyFs {
  readonly fs: AtomicWriteFs;
  /** Every call so far, in order (call n is `steps[n - 1]`). */
  readonly steps: FsStep[];
  /** The fault's call happened. */
  fired(): boolean;
}

export function injectedError(step: FsStep, code = FAULT_CODES[step]): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected ${step} failure`), { code });
}

export function faultyFs(options: FaultyFsOptions = {}, base: AtomicWriteFs = nodeAtomicWriteFs): FaultyFs {
  const { fault, refuse = {}, refuseTimes = Infinity, refuseFile } = options;
  const steps: FsStep[] = [];
  const refused = new Map<FsStep, number>();
  let failedStep: FsStep | undefined;

  /** Counts the call; throws if it must fail. 'half' when a write should stop half way. */
  const enter = (step: FsStep, file: string): 'whole' | 'half' => {
    steps.push(step);
    if (fault && steps.length === fault.at) {
      failedStep = step;
      if (fault.kind === 'half written' && step === 'write') return 'half';
      throw injectedError(step);
    }
    if (fault?.kind === 'keeps failing' && failedStep === step) throw injectedError(step);
    const code = refuse[step];
    if (code !== undefined && (refuseFile === undefined || file === refuseFile) && (refused.get(step) ?? 0) < refuseTimes) {
      refused.set(step, (refused.get(step) ?? 0) + 1);
      throw injectedError(step, code);
    }
    return 'whole';
  };

  const wrap = (handle: WriteHandle, file: string): WriteHandle => ({
    writeFile: async (data) => {
      if (enter('write', file) === 'half') {
        await handle.write(data, 0, Math.floor(data.length / 2), 0);
        throw injectedError('write');
      }
      await handle.writeFile(data);
    },
    write: async (buffer, offset, length, position) => {
      if (enter('write', file) === 'half') {
        await handle.write(buffer, offset, Math.floor(length / 2), position);
        throw injectedError('write');
      }
      return handle.write(buffer, offset, length, position);
    },
    truncate: async (length) => {
      enter('truncate', file);
      await handle.truncate(length);
    },
    chmod: async (mode) => {
      enter('chmod', file);
      await handle.chmod(mode);
    },
    stat: async () => {
      enter('stat', file);
      return handle.stat();
    },
    sync: async () => {
      enter('sync', file);
      await handle.sync();
    },
    close: async () => {
      // A failing close still releases the descriptor, as on Linux.
      let failure: unknown;
      try {
        enter('close', file);
      } catch (err) {
        failure = err;
      }
      await handle.close();
      if (failure) throw failure;
    },
  });

  const fs: AtomicWriteFs = {
    open: async (file, flags, mode) => {
      enter('open', file);
      return wrap(await base.open(file, flags, mode), file);
    },
    rename: async (from, to) => {
      enter('rename', to);
      await base.rename(from, to);
    },
    unlink: async (file) => {
      enter('unlink', file);
      await base.unlink(file);
    },
  };
  return { fs, steps, fired: () => failedStep !== undefined };
}
