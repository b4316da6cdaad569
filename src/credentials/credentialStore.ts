// Where Claude Code keeps the login on this machine, chosen in one place — the way VS Code's GitHub sign-in picks
// its flows: each store says what it is, one pure function picks the one for this platform, and every read and
// write (sign-in, refresh, sign-out, container write, status, diagnosis) goes through the store it returns.
// This is the contract; the implementations are the engine's: src/engine/store/fileStore.ts (every platform's file)
// and src/engine/store/keychainStore.ts (macOS: the Keychain item first, the file when the Keychain cannot be used).
import type { ClaudeLocation } from './location';
import type { CredentialsProblem, CredentialsReadResult } from './read';
import type { ClaudeAiOauth } from './schema';

export type StoreChoice =
  /** `<configDir>/.credentials.json`, as on Linux and Windows (unless Credential Manager is switched on). */
  | { readonly kind: 'file' }
  /** macOS: the Keychain item wins over the file; the file is where the CLI falls back when the Keychain refuses. */
  | { readonly kind: 'keychain' };

/** The store Claude Code itself uses on `platform` (2.1.112: darwin → Keychain with the file as fallback; docs/claude-code-facts.md). */
export function chooseCredentialStore(platform: NodeJS.Platform): StoreChoice {
  return platform === 'darwin' ? { kind: 'keychain' } : { kind: 'file' };
}

export interface StoreRead {
  readonly result: CredentialsReadResult;
  /** Where it came from: the file, or the Keychain item (`where` names it for messages). */
  readonly from: 'file' | 'keychain';
  readonly where: string;
  /** The store would refuse to write this login (see {@link assertWritable}): say so before spending anything. */
  readonly refusal?: KeychainRefusal;
}

/**
 * Why the Keychain store leaves an item as it is rather than write it; worded in ui/.
 * - `overflow_unreadable`: the item points to Claude Code's overflow items (part of its contents, encrypted) and
 *   they cannot be read; `overflow_tied_to_login`: they hold keys Claude Code keeps only for the item's current
 *   login, so changing the login would hide them.
 * - `write_failed`: `security` did not store the change, and the item's contents cannot move to the file safely.
 */
export type KeychainRefusal =
  | { readonly kind: 'overflow_unreadable' | 'overflow_tied_to_login'; readonly service: string }
  | { readonly kind: 'write_failed'; readonly service: string; readonly cause?: string };

/** Nothing was written: the Keychain item stays as it was (see {@link KeychainRefusal}). Never carries a secret. */
export class KeychainItemKeptError extends Error {
  override readonly name = 'KeychainItemKeptError';
  constructor(readonly refusal: KeychainRefusal) {
    super(
      refusal.kind === 'write_failed'
        ? `The Keychain item ${refusal.service} was not changed: security did not store it (${refusal.cause ?? 'read back differs'}).`
        : `The Keychain item ${refusal.service} keeps part of its contents in Claude Code's overflow items, which this version cannot safely change; nothing was written.`,
    );
  }
}

/** Throws {@link KeychainItemKeptError} when the store already knows it would refuse to write. */
export function assertWritable(read: StoreRead): void {
  if (read.refusal) throw new KeychainItemKeptError(read.refusal);
}

export interface StoreWriteResult {
  readonly result: WriteLoginResult;
  readonly to?: 'file' | 'keychain';
  /**
   * The login went to the file because the Keychain refused, and the old Keychain item could not be removed: the
   * CLI will keep reading that item. The diagnosis offers to update it.
   */
  readonly staleKeychainItem?: boolean;
}

/** What a write could not use and replaced (a whole file, or only its login entry), and where its bytes were kept. */
export interface KeptAside {
  readonly path: string;
  /** Never `not_readable`: a file we could not read is not replaced. */
  readonly problem: Exclude<CredentialsProblem, { readonly kind: 'not_readable' }>;
}

export type WriteLoginResult =
  | { readonly written: true; readonly path: string; readonly keptAside?: KeptAside }
  /** The compare-and-swap failed: `current` is the login now in the file (absent if none or unreadable). */
  | { readonly written: false; readonly current?: ClaudeAiOauth };

export type RemoveLoginResult =
  | { readonly removed: true; readonly path: string; readonly keptAside?: KeptAside }
  | { readonly removed: false; readonly reason: 'missing' | 'no-login' | 'corrupt' };

/** The calls a write makes on an open file (a Node FileHandle has them all). */
export interface WriteHandle {
  writeFile(data: Uint8Array): Promise<void>;
  write(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesWritten: number }>;
  truncate(length: number): Promise<void>;
  chmod(mode: number): Promise<void>;
  stat(): Promise<{ mode: number }>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** Every file-system call that changes something during a write; tests wrap it to fail at any step. */
export interface AtomicWriteFs {
  open(file: string, flags: number, mode?: number): Promise<WriteHandle>;
  rename(from: string, to: string): Promise<void>;
  unlink(file: string): Promise<void>;
}

export interface WriteLoginOptions {
  /**
   * Compare-and-swap: write only if the file's refresh token is still this one (`null` = none). Used by refresh,
   * which must not overwrite tokens another process rotated meanwhile.
   */
  readonly ifRefreshTokenIs?: string | null;
  /**
   * A new sign-in: the entry is written fresh, and the top-level keys of the previous login go with it
   * (KEYS_DROPPED_AT_SIGN_IN), as Claude Code's sign-in does. Otherwise (a refresh) the entry's unknown fields stay.
   */
  readonly newSignIn?: boolean;
  /**
   * The CLI's ending of a dead login: blank tokens (`""`), `expiresAt: 0`, maybe `loginEnded`. Allowed only with
   * `ifRefreshTokenIs` (the compare-and-swap on the refused refresh token).
   */
  readonly endsLogin?: boolean;
  /**
   * Compare-and-swap on what the file holds: write only if the read made under the lock still passes this check. The
   * container recovery planned from an earlier read; Claude Code may have written the file since.
   */
  readonly ifCurrent?: (current: CredentialsReadResult) => boolean;
  /** Give up waiting for Claude Code's lock after this long (milliseconds). */
  readonly maxWaitMs?: number;
  /** For tests: the file-system calls of the atomic write. */
  readonly fs?: AtomicWriteFs;
  /** Whose file rules apply (Windows: no modes, rename retries); this machine's by default. */
  readonly platform?: NodeJS.Platform;
  /** For tests: the time used to name a backup. */
  readonly now?: Date;
}

export interface CredentialStore {
  readonly choice: StoreChoice;
  readonly location: ClaudeLocation;
  read(): Promise<StoreRead>;
  /**
   * Replaces the login and nothing else, under the CLI's storage-write lock; see src/engine/store/credentialsFile.ts
   * writeLogin. Throws {@link KeychainItemKeptError} when it leaves a Keychain item as it is.
   */
  writeLogin(login: ClaudeAiOauth, options?: WriteLoginOptions): Promise<StoreWriteResult>;
  /** Signs out: removes the login, keeps every other key. */
  removeLogin(): Promise<RemoveLoginResult>;
}
