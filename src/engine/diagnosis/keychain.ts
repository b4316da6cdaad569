// The diagnosis's look at the macOS Keychain item Claude Code reads before the credentials file. The store writes
// there itself; what needs repair is a leftover: an item holding an older login than the file (written when the
// Keychain was locked and the old item could not be removed), which the CLI keeps using.
import { readKeychainItem, type RunCommand } from '../store/keychain';
import { checkOverflow } from '../store/keychainOverflow';
import { parseCredentials, readCredentials } from '../../credentials/read';
import type { ClaudeLocation } from '../../credentials/location';
import { finding, type Finding } from './findings';

export async function checkKeychain(run: RunCommand, service: string, account: string, location: ClaudeLocation): Promise<Finding[]> {
  const item = await readKeychainItem(run, service, account);
  if (item.state === 'absent') return [];
  if (item.state === 'unavailable') return [finding('keychain_check_failed', 'info', { service, account, cause: item.cause })];
  const inItem = parseCredentials(item.secret);
  const overflow = inItem.state === 'ok' || inItem.state === 'unrecognised_login' ? await checkOverflow(run, service, account, inItem.file) : undefined;
  const kept = overflow?.problem ? [finding('keychain_overflow_kept', 'warning', { service, account, reason: `overflow_${overflow.problem}` })] : [];
  const inFile = await readCredentials(location).catch(() => undefined);
  const itemLogin = inItem.state === 'ok' ? inItem.login : undefined;
  const fileLogin = inFile?.state === 'ok' ? inFile.login : undefined;
  const fileIsNewer =
    fileLogin?.accessToken && fileLogin.accessToken !== itemLogin?.accessToken && (fileLogin.expiresAt ?? 0) > (itemLogin?.expiresAt ?? 0);
  return [...kept, finding(fileIsNewer ? 'keychain_item_stale' : 'keychain_item_present', fileIsNewer ? 'warning' : 'info', { service, account })];
}
