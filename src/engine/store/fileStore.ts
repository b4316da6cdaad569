// The credentials file as a credential store: Linux, Windows, and macOS's fallback.
import type { CredentialStore } from '../../credentials/credentialStore';
import type { ClaudeLocation } from '../../credentials/location';
import { readCredentials } from '../../credentials/read';
import { removeLogin, writeLogin } from './credentialsFile';

export function fileStore(location: ClaudeLocation): CredentialStore {
  return {
    choice: { kind: 'file' },
    location,
    read: async () => ({ result: await readCredentials(location), from: 'file', where: location.credentialsFile }),
    writeLogin: async (login, options) => ({ result: await writeLogin(location, login, options), to: 'file' }),
    removeLogin: () => removeLogin(location),
  };
}
