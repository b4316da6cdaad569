// Reading the credentials file: no locks, no writes — what the status bar needs at activation.
import { readWhole } from './fileSystem';
import type { ClaudeLocation } from './location';
import type { ClaudeAiOauth, CredentialsFile } from './schema';
import { FILE_SIZE_LIMITS } from './smallFile';

/** Why the file as a whole cannot be used. Never carries a value from the file. */
export type UnreadableReason =
  | { readonly kind: 'not_json' }
  | { readonly kind: 'not_object' }
  /** Reading it failed (EACCES, EISDIR, …). */
  | { readonly kind: 'not_readable'; readonly code: string };

/**
 * The file is a JSON object, but its `claudeAiOauth` entry has a form this version does not know (a newer CLI's,
 * a type drift). `fields` are paths such as `claudeAiOauth.expiresAt`, never values.
 */
export interface UnrecognisedLogin {
  readonly kind: 'unrecognised_login';
  readonly fields: readonly string[];
}

/** Anything in the way of using the login on disk, for the UI to put into words. */
export type CredentialsProblem = UnreadableReason | UnrecognisedLogin;

export type CredentialsReadResult =
  | { readonly state: 'missing' }
  | { readonly state: 'corrupt'; readonly reason: UnreadableReason }
  /** Every other key is fine (`file` holds them all); only the login entry is of an unknown form. */
  | { readonly state: 'unrecognised_login'; readonly file: Readonly<Record<string, unknown>>; readonly fields: readonly string[] }
  /** `login` is absent when the file has no (or a null) `claudeAiOauth`. */
  | { readonly state: 'ok'; readonly file: CredentialsFile; readonly login?: ClaudeAiOauth };

/** A blanked login — what the CLI leaves after `invalid_grant`: readable, but the user must sign in again. */
export function isBlankLogin(login: ClaudeAiOauth): boolean {
  return login.accessToken === '';
}

export async function readCredentials(location: ClaudeLocation): Promise<CredentialsReadResult> {
  return (await readCredentialsWithBytes(location.credentialsFile)).result;
}

/** Parses the file's text; the one place that decides what "corrupt" means. */
export function parseCredentials(text: string): CredentialsReadResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { state: 'corrupt', reason: { kind: 'not_json' } };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { state: 'corrupt', reason: { kind: 'not_object' } };
  }
  // Required on first use, not at load: building the zod schemas is most of what activation would cost.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first read (see above)
  const { credentialsFileSchema } = require('./schema') as typeof import('./schema');
  const checked = credentialsFileSchema.safeParse(parsed);
  if (!checked.success) {
    // The schema only describes `claudeAiOauth`, so that is where every issue is.
    const fields = [...new Set(checked.error.issues.map((issue) => issue.path.join('.')))];
    return { state: 'unrecognised_login', file: parsed as Record<string, unknown>, fields };
  }
  // Hand back the parsed object, not zod's copy: zod moves known keys first, and key order must survive a rewrite.
  const file = parsed as CredentialsFile;
  const login = file.claudeAiOauth ?? undefined;
  return login ? { state: 'ok', file, login } : { state: 'ok', file };
}

/**
 * The parsed file and the bytes it came from (to keep an unusable file's exact bytes). A torn read is retried. A file
 * that is not a regular one, or is over {@link FILE_SIZE_LIMITS}.credentials, throws FileSkippedError: like a file
 * we may not read, it is never replaced.
 */
export async function readCredentialsWithBytes(
  file: string,
): Promise<{ result: CredentialsReadResult; bytes?: Buffer }> {
  const read = await readWhole(file, parseCredentials, (result) => result.state !== 'corrupt', FILE_SIZE_LIMITS.credentials);
  return read ? { result: read.parsed, bytes: read.bytes } : { result: { state: 'missing' } };
}
