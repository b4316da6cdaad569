// Claude Code's Keychain overflow, read from the 2.1.332 binary (its reader; the writer is not readable there): when
// the credentials no longer fit the item, part of them moves into a second item, `<service>-overflow-a` or `-b`,
// AES-256-GCM encrypted (base64 of a 12-byte IV, the ciphertext and a 16-byte tag), and the main item keeps a pointer,
// `keychainOverflow: {slot, key, login?, member?, …}` (`key`: the AES key, base64). On reading, the CLI decrypts the
// overflow and merges its top-level keys into the item — some whatever the login, others only while the item's login
// is the one the pointer names (`login`: a hash of it).
//
// We never write or delete these items. We change the main item's login only when that cannot change what the CLI
// merges: the overflow decrypts, and every key in it is merged whatever the login (or never). Anything else we leave
// alone, and say why.
import { createDecipheriv } from 'node:crypto';
import { readKeychainItem, type RunCommand } from './keychain';

/** The item's key naming its overflow. */
export const OVERFLOW_POINTER_KEY = 'keychainOverflow';

/** Keys the CLI merges from the overflow whatever the item's login (its "grows" keys: the big ones). */
const MERGED_WHATEVER_THE_LOGIN: ReadonlySet<string> = new Set(['mcpOAuth', 'mcpOAuthClientConfig', 'pluginSecrets', 'mcpXaaIdp', 'mcpXaaIdpConfig', 'coworkRemoteDevice']);
/** Keys the CLI never takes from the overflow (its "stays" keys, and every `trusted…` key). */
const NEVER_MERGED: ReadonlySet<string> = new Set(['organizationUuid', 'cloudSessionsSignInEnded', 'gatewayTrust', 'gatewayAllowlistEntries', 'slackTag', 'mcpDiscoveryCacheKey']);

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Why we leave an item with an overflow pointer alone:
 * - `unreadable`: the pointer is not of the known form, or its overflow item is missing or does not decrypt;
 * - `tied_to_login`: the overflow holds keys the CLI merges only for the login the pointer names, so changing the
 *   login would hide them from Claude Code.
 */
export type OverflowProblem = 'unreadable' | 'tied_to_login';

/** `undefined` when the item has no pointer (nothing to check); else whether its login may be changed. */
export async function checkOverflow(
  run: RunCommand,
  service: string,
  account: string,
  item: Readonly<Record<string, unknown>>,
): Promise<{ readonly problem?: OverflowProblem } | undefined> {
  if (!(OVERFLOW_POINTER_KEY in item)) return undefined;
  const pointer = item[OVERFLOW_POINTER_KEY] as { slot?: unknown; key?: unknown } | null;
  if (!pointer || (pointer.slot !== 'a' && pointer.slot !== 'b') || typeof pointer.key !== 'string') return { problem: 'unreadable' };
  const sections = await readOverflow(run, service, account, pointer.slot, pointer.key);
  if (!sections) return { problem: 'unreadable' };
  const tied = Object.keys(sections).some((key) => !MERGED_WHATEVER_THE_LOGIN.has(key) && !NEVER_MERGED.has(key) && !key.startsWith('trusted'));
  return tied ? { problem: 'tied_to_login' } : {};
}

/**
 * The decrypted overflow. Its name is `<service>-overflow-<slot>`; with CLAUDE_CONFIG_DIR's suffix on the service it
 * may sit before the suffix instead — the one that decrypts with the key is the one.
 */
async function readOverflow(run: RunCommand, service: string, account: string, slot: string, key: string): Promise<Record<string, unknown> | undefined> {
  const suffixed = /^(.*)(-[0-9a-f]{8})$/.exec(service);
  const names = [`${service}-overflow-${slot}`, ...(suffixed ? [`${suffixed[1]}-overflow-${slot}${suffixed[2]}`] : [])];
  for (const name of names) {
    const found = await readKeychainItem(run, name, account);
    if (found.state !== 'present') continue;
    const sections = decrypt(found.secret, key) ?? (/^(?:[0-9a-f]{2})+$/i.test(found.secret) ? decrypt(Buffer.from(found.secret, 'hex').toString('utf8'), key) : undefined);
    if (sections) return sections;
  }
  return undefined;
}

function decrypt(sealed: string, key: string): Record<string, unknown> | undefined {
  try {
    const bytes = Buffer.from(sealed.trim(), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', Buffer.from(key, 'base64'), bytes.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAuthTag(bytes.subarray(-TAG_BYTES));
    const parsed: unknown = JSON.parse(decipher.update(bytes.subarray(IV_BYTES, -TAG_BYTES), undefined, 'utf8') + decipher.final('utf8'));
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
