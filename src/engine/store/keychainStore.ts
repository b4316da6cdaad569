// macOS: the credential store Claude Code uses there (2.1.112, the Keychain store with the file as
// fallback; docs/claude-code-facts.md): the Keychain item holds the whole credentials object and wins over the file;
// - read: the item when it exists (and parses), else the file;
// - write: to the item; when that item did not exist before, the CLI then deletes the file (its contents moved into
//   the item). When the Keychain refuses the write, the file is written (0600) instead — with everything the item
//   held, as the CLI does — and only then is the item deleted, so that it cannot shadow the fresh file;
// - delete: both.
// We follow that order, under the same storage-write lock, keeping every key whatever the item's size (see
// updateKeychainItem). Two rules of our own: an item we could not read is never deleted (its contents are nowhere
// else), and an item that points to Claude Code's overflow items is changed only when that cannot change what the CLI
// reads (keychainOverflow.ts); otherwise nothing is written and the error says why.
import { promises as fs } from 'node:fs';
import { writeFileAtomic } from './atomicWrite';
import { KeychainItemKeptError, type CredentialStore, type KeychainRefusal, type StoreRead, type StoreWriteResult } from '../../credentials/credentialStore';
import { fileStore } from './fileStore';
import { assertNotForeignReadOnly } from '../../credentials/fileSystem';
import { deleteKeychainItem, readKeychainItem, updateKeychainItem, type RunCommand } from './keychain';
import { checkOverflow, OVERFLOW_POINTER_KEY } from './keychainOverflow';
import type { ClaudeLocation } from '../../credentials/location';
import { withStorageWriteLock } from './locks';
import { parseCredentials, readCredentials, readCredentialsWithBytes, type CredentialsReadResult } from '../../credentials/read';
import type { ClaudeAiOauth } from '../../credentials/schema';
import {
  assertWritableLogin,
  keepAsideIfUnusable,
  decideLoginRemoval,
  decideLoginWrite,
  serializeCredentials,
  type RemoveLoginResult,
  type WriteLoginOptions,
} from './credentialsFile';

export interface KeychainItemName {
  readonly service: string;
  readonly account: string;
}

type ItemRead =
  | { readonly state: 'present'; readonly read: CredentialsReadResult; readonly refusal?: KeychainRefusal }
  | { readonly state: 'absent' }
  | { readonly state: 'unavailable' };

export function keychainStore(location: ClaudeLocation, item: KeychainItemName, run: RunCommand): CredentialStore {
  const file = fileStore(location);
  const where = `Keychain: ${item.service}`;

  /** The item's contents as a credentials read, or its state when it cannot stand for the login. */
  const readItem = async (): Promise<ItemRead> => {
    const found = await readKeychainItem(run, item.service, item.account);
    if (found.state === 'absent') return { state: 'absent' };
    if (found.state === 'unavailable') return { state: 'unavailable' };
    const read = parseCredentials(found.secret);
    // An item the CLI cannot parse is passed over by it too: the file counts then.
    if (read.state === 'corrupt') return { state: 'absent' };
    const overflow = read.state === 'missing' ? undefined : await checkOverflow(run, item.service, item.account, read.file);
    const refusal: KeychainRefusal | undefined = overflow?.problem && { kind: `overflow_${overflow.problem}`, service: item.service };
    return refusal ? { state: 'present', read, refusal } : { state: 'present', read };
  };

  const writeItem = (contents: Readonly<Record<string, unknown>>) => updateKeychainItem(run, item.service, item.account, serializeCredentials(contents));

  return {
    choice: { kind: 'keychain' },
    location,

    async read(): Promise<StoreRead> {
      const found = await readItem();
      if (found.state !== 'present') return file.read();
      return { result: found.read, from: 'keychain', where, ...(found.refusal ? { refusal: found.refusal } : {}) };
    },

    async writeLogin(login: ClaudeAiOauth, options: WriteLoginOptions = {}): Promise<StoreWriteResult> {
      assertWritableLogin(login, options);
      const attempt = await withStorageWriteLock(
        location,
        async (lockLost): Promise<{ done: StoreWriteResult } | { fallBack: 'item unreadable' | 'no item' }> => {
          const found = await readItem();
          if (found.state === 'unavailable') return { fallBack: 'item unreadable' };
          if (found.state === 'present' && found.refusal) throw new KeychainItemKeptError(found.refusal);
          // No item yet: the CLI moves the file's contents into it, so every key the file holds is kept.
          const current = found.state === 'present' ? found.read : await readCredentials(location);
          const plan = decideLoginWrite(current, login, options);
          if (!plan.write) return { done: { result: plan.result, to: 'keychain' } };
          lockLost.throwIfAborted();
          const updated = await writeItem(plan.next);
          if (updated.updated) {
            if (found.state === 'absent') await fs.rm(location.credentialsFile, { force: true });
            return { done: { result: { written: true, path: where }, to: 'keychain' } };
          }
          if (found.state === 'absent') return { fallBack: 'no item' };
          // Part of an item with an overflow pointer lives in the overflow: the file cannot hold it all.
          if ('file' in found.read && OVERFLOW_POINTER_KEY in found.read.file) {
            throw new KeychainItemKeptError({ kind: 'write_failed', service: item.service, cause: updated.cause });
          }
          // The Keychain refused: the file, with everything the item held, then the item — never the other way round.
          await assertNotForeignReadOnly(location.credentialsFile);
          const { result: inFile, bytes } = await readCredentialsWithBytes(location.credentialsFile);
          const keptAside = bytes ? await keepAsideIfUnusable(location.credentialsFile, inFile, bytes, options.now) : undefined;
          lockLost.throwIfAborted();
          await writeFileAtomic(location.credentialsFile, serializeCredentials(plan.next), { mode: 0o600, fs: options.fs, platform: options.platform });
          const result = { written: true as const, path: location.credentialsFile, ...(keptAside ? { keptAside } : {}) };
          const removed = await deleteKeychainItem(run, item.service, item.account);
          return { done: removed ? { result, to: 'file' } : { result, to: 'file', staleKeychainItem: true } };
        },
        options,
      );
      if ('done' in attempt) return attempt.done;
      // The Keychain could not be read (locked, e.g. in an SSH session): the file, as the CLI falls back. An item that
      // may exist was never read, so it is not deleted; the diagnosis offers to update it.
      const written = await file.writeLogin(login, attempt.fallBack === 'no item' ? options : { ...options, ifRefreshTokenIs: undefined });
      return attempt.fallBack === 'no item' || !written.result.written ? written : { ...written, staleKeychainItem: true };
    },

    async removeLogin(): Promise<RemoveLoginResult> {
      const fromItem = await withStorageWriteLock(location, async (): Promise<RemoveLoginResult | undefined> => {
        const found = await readItem();
        if (found.state !== 'present') return undefined;
        if (found.refusal) throw new KeychainItemKeptError(found.refusal);
        const plan = decideLoginRemoval(found.read);
        if (!plan.remove) return plan.result;
        const updated = await writeItem(plan.next);
        if (!updated.updated) throw new KeychainItemKeptError({ kind: 'write_failed', service: item.service, cause: updated.cause });
        return { removed: true, path: where };
      });
      const fromFile = await file.removeLogin();
      return fromItem?.removed ? fromItem : fromFile;
    },
  };
}
