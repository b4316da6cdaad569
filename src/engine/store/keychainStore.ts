// macOS: the credential store Claude Code uses there (2.1.112, the Keychain store with the file as
// fallback; docs/claude-code-facts.md): the Keychain item holds the whole credentials object and wins over the file;
// - read: the item when it exists (and parses), else the file;
// - write: to the item; when that item did not exist before, the CLI then deletes the file (its contents moved into
//   the item). When the Keychain refuses (locked, e.g. in an SSH session), the file is written (0600) instead and a
//   stale item is deleted so that it cannot shadow the fresh file;
// - delete: both.
// We follow that order, under the same storage-write lock, with the secret on `security`'s stdin only.
import { promises as fs } from 'node:fs';
import type { CredentialStore, StoreRead, StoreWriteResult } from '../../credentials/credentialStore';
import { fileStore } from './fileStore';
import { deleteKeychainItem, readKeychainItem, updateKeychainItem, type RunCommand } from './keychain';
import type { ClaudeLocation } from '../../credentials/location';
import { withStorageWriteLock } from './locks';
import { parseCredentials, readCredentials, type CredentialsReadResult } from '../../credentials/read';
import type { ClaudeAiOauth } from '../../credentials/schema';
import { assertWritableLogin, decideLoginRemoval, decideLoginWrite, serializeCredentials, type RemoveLoginResult, type WriteLoginOptions } from './credentialsFile';

export interface KeychainItemName {
  readonly service: string;
  readonly account: string;
}

export function keychainStore(location: ClaudeLocation, item: KeychainItemName, run: RunCommand): CredentialStore {
  const file = fileStore(location);
  const where = `Keychain: ${item.service}`;

  /** The item's contents as a credentials read, or undefined when the item cannot stand for the login. */
  const readItem = async (): Promise<{ state: 'present'; read: CredentialsReadResult } | { state: 'absent' | 'unavailable' }> => {
    const found = await readKeychainItem(run, item.service, item.account);
    if (found.state !== 'present') return { state: found.state };
    const read = parseCredentials(found.secret);
    // An item the CLI cannot parse is passed over by it too: the file counts then.
    return read.state === 'corrupt' ? { state: 'absent' } : { state: 'present', read };
  };

  return {
    choice: { kind: 'keychain' },
    location,

    async read(): Promise<StoreRead> {
      const found = await readItem();
      return found.state === 'present' ? { result: found.read, from: 'keychain', where } : file.read();
    },

    async writeLogin(login: ClaudeAiOauth, options: WriteLoginOptions = {}): Promise<StoreWriteResult> {
      assertWritableLogin(login, options);
      const attempt = await withStorageWriteLock(
        location,
        async (lockLost): Promise<{ done: StoreWriteResult } | { fallBack: true; itemExisted: boolean | undefined }> => {
          const found = await readItem();
          if (found.state === 'unavailable') return { fallBack: true, itemExisted: undefined };
          // No item yet: the CLI moves the file's contents into it, so every key the file holds is kept.
          const current = found.state === 'present' ? found.read : await readCredentials(location);
          const plan = decideLoginWrite(current, login, options.ifRefreshTokenIs, options.newSignIn);
          if (!plan.write) return { done: { result: plan.result, to: 'keychain' } };
          lockLost.throwIfAborted();
          const updated = await updateKeychainItem(run, item.service, item.account, serializeCredentials(plan.next));
          if (!updated.updated) return { fallBack: true, itemExisted: found.state === 'present' };
          if (found.state === 'absent') await fs.rm(location.credentialsFile, { force: true });
          return { done: { result: { written: true, path: where }, to: 'keychain' } };
        },
        options,
      );
      if ('done' in attempt) return attempt.done;

      // The Keychain refused: the file, as the CLI falls back. A compare-and-swap against the item we could not
      // read again cannot be checked in the file, so the file write is unconditional then.
      const written = await file.writeLogin(login, attempt.itemExisted === false ? options : { ...options, ifRefreshTokenIs: undefined });
      if (!written.result.written || attempt.itemExisted === false) return written;
      const removed = await deleteKeychainItem(run, item.service, item.account);
      return removed ? written : { ...written, staleKeychainItem: true };
    },

    async removeLogin(): Promise<RemoveLoginResult> {
      const fromItem = await withStorageWriteLock(location, async (): Promise<RemoveLoginResult | undefined> => {
        const found = await readItem();
        if (found.state !== 'present') return undefined;
        const plan = decideLoginRemoval(found.read);
        if (!plan.remove) return plan.result;
        const updated = await updateKeychainItem(run, item.service, item.account, serializeCredentials(plan.next));
        return updated.updated ? { removed: true, path: where } : undefined;
      });
      const fromFile = await file.removeLogin();
      return fromItem?.removed ? fromItem : fromFile;
    },
  };
}
