// Opens the credential store chooseCredentialStore picks for this machine (the engine's door to the login).
import type { CredentialStore } from '../../credentials/credentialStore';
import { chooseCredentialStore } from '../../credentials/credentialStore';
import { fileStore } from './fileStore';
import { keychainAccountName, keychainServiceFor, spawnCommand, type RunCommand } from './keychain';
import { keychainStore } from './keychainStore';
import type { ClaudeLocation } from '../../credentials/location';

export interface StoreEnvironment {
  readonly platform?: NodeJS.Platform;
  readonly env?: NodeJS.ProcessEnv;
  /** Runs `security` on macOS. */
  readonly run?: RunCommand;
}

export function openCredentialStore(location: ClaudeLocation, { platform = process.platform, env = process.env, run = spawnCommand }: StoreEnvironment = {}): CredentialStore {
  const choice = chooseCredentialStore(platform);
  if (choice.kind === 'file') return fileStore(location);
  // The CLI suffixes the service with a hash of CLAUDE_CONFIG_DIR exactly as set; the account is $USER.
  return keychainStore(location, { service: keychainServiceFor(env), account: keychainAccountName(env) }, run);
}
