// Where Claude Code keeps the login on this machine, chosen in one place — the way VS Code's GitHub sign-in picks
// its flows: each store says what it is, one pure function picks the one for this platform, and every read and
// write (sign-in, refresh, sign-out, container write, status, diagnosis) goes through the store it returns.
// Implementations: credentials/fileStore.ts (every platform's file) and credentials/keychainStore.ts (macOS: the
// Keychain item first, the file when the Keychain cannot be used), opened by the engine.
import type { ClaudeLocation } from './location';
import type { CredentialsReadResult } from './read';
import type { ClaudeAiOauth } from './schema';
import type { RemoveLoginResult, WriteLoginOptions, WriteLoginResult } from './store';

export type StoreChoice =
  /** `<configDir>/.credentials.json`, as on Linux and Windows (unless Credential Manager is switched on). */
  | { readonly kind: 'file' }
  /** macOS: the Keychain item wins over the file; the file is where the CLI falls back when the Keychain refuses. */
  | { readonly kind: 'keychain' };

/** The store Claude Code itself uses on `platform` (cli.js `t3()`: darwin → keychain with plaintext fallback). */
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

export interface CredentialStore {
  readonly choice: StoreChoice;
  readonly location: ClaudeLocation;
  read(): Promise<StoreRead>;
  /**
   * Replaces the login and nothing else, under the CLI's storage-write lock; see store.ts writeLogin. Throws
   * {@link KeychainItemKeptError} when it leaves a Keychain item as it is.
   */
  writeLogin(login: ClaudeAiOauth, options?: WriteLoginOptions): Promise<StoreWriteResult>;
  /** Signs out: removes the login, keeps every other key. */
  removeLogin(): Promise<RemoveLoginResult>;
}
