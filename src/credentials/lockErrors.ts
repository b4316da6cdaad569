// The two ways a lock can fail us, as classes the UI can tell apart. Apart from locks.ts (which pulls in
// proper-lockfile) so the UI can recognise them without loading the lock machinery.

/** The lock was held by someone else for longer than we were willing to wait. Names the lock path only. */
export class LockBusyError extends Error {
  override readonly name = 'LockBusyError';
  constructor(
    readonly lockPath: string,
    readonly waitedMs: number,
  ) {
    super(`Another process is holding the lock ${lockPath} (waited ${Math.round(waitedMs / 1000)} s).`);
  }
}

/** We lost a lock while holding it (its directory vanished or was taken over as stale). */
export class LockCompromisedError extends Error {
  override readonly name = 'LockCompromisedError';
  constructor(
    readonly lockPath: string,
    readonly causeCode: string | undefined,
  ) {
    super(`The lock ${lockPath} was lost while in use${causeCode ? ` (${causeCode})` : ''}.`);
  }
}
