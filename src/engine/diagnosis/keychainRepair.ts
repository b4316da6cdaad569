// "Update Keychain Item" (offered by the diagnosis on macOS): Claude Code reads the Keychain item before the file, so
// when the item holds an older login, the file's login is copied into it.
import type { ClaudeLocation } from '../../credentials/location';
import { readCredentials } from '../../credentials/read';
import { describeError, type Log } from '../../logging/log';
import { serializeCredentials } from '../store/credentialsFile';
import { findKeychainItem, keychainAccountName, keychainServiceName, spawnCommand, updateKeychainItem, type RunCommand } from '../store/keychain';

export type KeychainRepair =
  | { readonly state: 'no_login' }
  | { readonly state: 'updated'; readonly service: string }
  | { readonly state: 'failed'; readonly service: string; readonly reason: string };

export async function copyLoginIntoKeychain(location: ClaudeLocation, env: NodeJS.ProcessEnv, log: Log, run: RunCommand = spawnCommand): Promise<KeychainRepair> {
  const read = await readCredentials(location);
  if (read.state !== 'ok' || !read.login) {
    return { state: 'no_login' };
  }
  // The CLI hashes CLAUDE_CONFIG_DIR as set (NFC), which is what location.configDir holds when it came from there.
  const service = keychainServiceName(location.fromEnvironment ? location.configDir : undefined);
  const account = keychainAccountName(env);
  const lookup = await findKeychainItem(run, service, account);
  log.info(`Keychain item ${service} (${account}): ${lookup.state}.`);
  const result = await updateKeychainItem(run, service, account, serializeCredentials(read.file));
  if (result.updated) {
    return { state: 'updated', service };
  }
  log.warn(`Keychain update failed: ${result.reason}${'cause' in result && result.cause ? ` (${describeError(result.cause)})` : ''}.`);
  return { state: 'failed', service, reason: result.reason };
}
