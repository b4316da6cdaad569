// Reads and writes the Claude.ai login in `<configDir>/.credentials.json`. The file belongs to the CLI: we change
// only `claudeAiOauth`, under the CLI's storage-write lock, re-reading right before writing, and keep every other
// key exactly as we found it.
import { writeFileAtomic, type AtomicWriteFs } from './atomicWrite';
import { assertNotForeignReadOnly, keepCorruptCopy, readBytesIfExists } from '../../credentials/fileSystem';
import { readCredentialsWithBytes, type CredentialsReadResult } from '../../credentials/read';
import type { ClaudeLocation } from '../../credentials/location';
import type { KeptAside, RemoveLoginResult, WriteLoginOptions, WriteLoginResult } from '../../credentials/credentialStore';
import { withStorageWriteLock, type LockWaitOptions } from './locks';
import {
  claudeAiOauthSchema,
  KEYS_DROPPED_AT_SIGN_IN,
  LOGIN_KEY,
  type ClaudeAiOauth,
  type CredentialsFile,
} from '../../credentials/schema';

export {
  isBlankLogin,
  parseCredentials,
  readCredentials,
  type CredentialsProblem,
  type CredentialsReadResult,
  type UnreadableReason,
} from '../../credentials/read';

export type { KeptAside, RemoveLoginResult, WriteLoginOptions, WriteLoginResult } from '../../credentials/credentialStore';

/** Thrown for a login we must never put in the file; names the field, never its value. */
export class InvalidLoginError extends Error {
  override readonly name = 'InvalidLoginError';
}

/**
 * Puts `login` into the credentials file, replacing the Claude.ai login and nothing else. A file that is not a
 * JSON object is kept aside and replaced; a login entry of an unknown form is kept aside (the whole file's bytes)
 * and replaced alone. `keptAside` says which, and where.
 */
export async function writeLogin(
  location: ClaudeLocation,
  login: ClaudeAiOauth,
  options: WriteLoginOptions = {},
): Promise<WriteLoginResult> {
  assertWritableLogin(login, options);
  const file = location.credentialsFile;
  return withStorageWriteLock(
    location,
    async (lockLost) => {
      await assertNotForeignReadOnly(file);
      const { result: current, bytes } = await readCredentialsWithBytes(file);
      const plan = decideLoginWrite(current, login, options);
      if (!plan.write) return plan.result;
      const keptAside = bytes ? await keepAsideIfUnusable(file, current, bytes, options.now) : undefined;
      lockLost.throwIfAborted();
      await writeFileAtomic(file, serializeCredentials(plan.next), { mode: 0o600, fs: options.fs, platform: options.platform });
      return keptAside ? { written: true, path: file, keptAside } : { written: true, path: file };
    },
    options,
  );
}

/**
 * Signs out: removes `claudeAiOauth`, keeps every other key. A login entry of an unknown form is removed too (that
 * is what the user asked), its bytes kept aside first. A missing file, or one that is not a JSON object, is left alone.
 */
export async function removeLogin(
  location: ClaudeLocation,
  options: LockWaitOptions & { readonly fs?: AtomicWriteFs; readonly now?: Date } = {},
): Promise<RemoveLoginResult> {
  const file = location.credentialsFile;
  // Don't create the directory (the lock would) just to find nothing in it.
  if ((await readBytesIfExists(file)) === undefined) return { removed: false, reason: 'missing' };
  return withStorageWriteLock(
    location,
    async (lockLost): Promise<RemoveLoginResult> => {
      await assertNotForeignReadOnly(file);
      const { result: current, bytes } = await readCredentialsWithBytes(file);
      const plan = decideLoginRemoval(current);
      if (!plan.remove) return plan.result;
      const keptAside = bytes ? await keepAsideIfUnusable(file, current, bytes, options.now) : undefined;
      lockLost.throwIfAborted();
      await writeFileAtomic(file, serializeCredentials(plan.next), { mode: 0o600, fs: options.fs });
      return keptAside ? { removed: true, path: file, keptAside } : { removed: true, path: file };
    },
    options,
  );
}

/**
 * What writing `login` over `current` makes, as a pure rule shared by every credential store (file, Keychain): the
 * compare-and-swaps (`ifRefreshTokenIs` for a refresh, `ifCurrent` for the container recovery), and the keys a
 * rewrite keeps.
 */
export function decideLoginWrite(
  current: CredentialsReadResult,
  login: ClaudeAiOauth,
  { ifRefreshTokenIs, ifCurrent, newSignIn }: Pick<WriteLoginOptions, 'ifRefreshTokenIs' | 'ifCurrent' | 'newSignIn'>,
): { readonly write: false; readonly result: WriteLoginResult } | { readonly write: true; readonly next: CredentialsFile } {
  const currentLogin = current.state === 'ok' ? current.login : undefined;
  const refused: { readonly write: false; readonly result: WriteLoginResult } = {
    write: false,
    result: currentLogin ? { written: false, current: currentLogin } : { written: false },
  };
  if (ifRefreshTokenIs !== undefined) {
    const unusable = current.state === 'corrupt' || current.state === 'unrecognised_login';
    if (unusable || (currentLogin?.refreshToken ?? null) !== ifRefreshTokenIs) return refused;
  }
  if (ifCurrent && !ifCurrent(current)) return refused;
  return { write: true, next: newSignIn ? withNewSignIn(usableKeys(current), login) : mergeLogin(usableKeys(current), login) };
}

/** What signing out of `current` makes: every key but the login. */
export function decideLoginRemoval(
  current: CredentialsReadResult,
): { readonly remove: false; readonly result: RemoveLoginResult } | { readonly remove: true; readonly next: Record<string, unknown> } {
  if (current.state === 'missing' || current.state === 'corrupt') return { remove: false, result: { removed: false, reason: current.state } };
  if (!Object.prototype.hasOwnProperty.call(current.file, LOGIN_KEY)) return { remove: false, result: { removed: false, reason: 'no-login' } };
  const next: Record<string, unknown> = { ...current.file };
  delete next[LOGIN_KEY];
  return { remove: true, next };
}

/** Copies the file's bytes aside when we are about to replace something in it we could not read. */
export async function keepAsideIfUnusable(
  file: string,
  current: CredentialsReadResult,
  bytes: Buffer,
  now: Date | undefined,
): Promise<KeptAside | undefined> {
  const problem: KeptAside['problem'] | undefined =
    current.state === 'unrecognised_login'
      ? { kind: 'unrecognised_login', fields: current.fields }
      : current.state === 'corrupt' && current.reason.kind !== 'not_readable'
        ? current.reason
        : undefined;
  return problem && { path: await keepCorruptCopy(file, bytes, now), problem };
}

/** The keys a rewrite keeps: all of a readable file's; none of a file that is not a JSON object. */
function usableKeys(current: CredentialsReadResult): Readonly<Record<string, unknown>> {
  if (current.state === 'ok') return current.file;
  // The unknown login entry is replaced whole (its bytes are kept aside): carrying its fields into ours could mix two forms.
  if (current.state === 'unrecognised_login') return { ...current.file, [LOGIN_KEY]: null };
  return {};
}

/** The fields of `claudeAiOauth` this version knows; all others in the file are kept on rewrite. */
const KNOWN_LOGIN_FIELDS: ReadonlySet<string> = new Set(Object.keys(claudeAiOauthSchema.shape));

/**
 * The file with `login` in it. Other top-level keys keep their values and order. Inside the login, fields we
 * set win, unknown fields of the old login are kept, and known fields `login` leaves undefined are dropped — so a
 * new sign-in never inherits another account's `accountUuid`.
 */
export function mergeLogin(file: Readonly<Record<string, unknown>>, login: ClaudeAiOauth): CredentialsFile {
  const old = file[LOGIN_KEY];
  const merged: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(login)) {
    if (value !== undefined) merged[key] = value;
  }
  if (old !== null && typeof old === 'object' && !Array.isArray(old)) {
    for (const [key, value] of Object.entries(old)) {
      if (!KNOWN_LOGIN_FIELDS.has(key) && !(key in merged)) merged[key] = value;
    }
  }
  const next: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(file)) next[key] = key === LOGIN_KEY ? merged : value;
  if (!(LOGIN_KEY in next)) next[LOGIN_KEY] = merged;
  return next as CredentialsFile;
}

/**
 * The file after a new sign-in, as Claude Code 2.1.332 saves one: the previous login's top-level keys removed, the new
 * entry written whole (nothing of the old entry — `loginEnded`, a stale `clientId` — survives), every other key kept.
 */
export function withNewSignIn(file: Readonly<Record<string, unknown>>, login: ClaudeAiOauth): CredentialsFile {
  const next: Record<string, unknown> = { ...file };
  for (const key of KEYS_DROPPED_AT_SIGN_IN) delete next[key];
  next[LOGIN_KEY] = Object.fromEntries(Object.entries(login).filter(([, value]) => value !== undefined));
  return next as CredentialsFile;
}

/** As the CLI writes it: `JSON.stringify(file)` — compact, no trailing newline. */
export function serializeCredentials(file: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(file);
}

export function assertWritableLogin(login: ClaudeAiOauth, options: Pick<WriteLoginOptions, 'endsLogin' | 'ifRefreshTokenIs'> = {}): void {
  const checked = claudeAiOauthSchema.safeParse(login);
  if (!checked.success) {
    const where = checked.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw new InvalidLoginError(`Refusing to write a login with unexpected values at ${where}.`);
  }
  if (options.endsLogin && options.ifRefreshTokenIs) {
    // The CLI's own shape of an ended login: blank tokens, nothing else changed.
    if (login.accessToken !== '' || login.refreshToken !== '' || login.expiresAt !== 0) {
      throw new InvalidLoginError('Refusing to end a login with tokens still in it.');
    }
    return;
  }
  if (login.accessToken === '') throw new InvalidLoginError('Refusing to write a login without an access token.');
  // A long-lived login has no refresh token: absent or null. Newer CLIs read "" as an expired login.
  if (login.refreshToken === '') throw new InvalidLoginError('Refusing to write an empty refresh token.');
}
