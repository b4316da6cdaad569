// Reading the credentials file: no locks, no writes — what the status bar needs at activation.
import { readBytesIfExists } from './fileSystem';
import type { ClaudeLocation } from './location';
import type { ClaudeAiOauth, CredentialsFile } from './schema';

export type CredentialsReadResult =
  | { readonly state: 'missing' }
  /** `reason` names what is wrong (never a value from the file). */
  | { readonly state: 'corrupt'; readonly reason: string }
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
    return { state: 'corrupt', reason: 'not valid JSON' };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { state: 'corrupt', reason: 'not a JSON object' };
  }
  // Required on first use, not at load: building the zod schemas is most of what activation would cost.
  const { credentialsFileSchema } = require('./schema') as typeof import('./schema');
  const checked = credentialsFileSchema.safeParse(parsed);
  if (!checked.success) {
    const where = checked.error.issues.map((issue) => issue.path.join('.') || '(top level)');
    return { state: 'corrupt', reason: `unexpected value at ${[...new Set(where)].join(', ')}` };
  }
  // Hand back the parsed object, not zod's copy: zod moves known keys first, and key order must survive a rewrite.
  const file = parsed as CredentialsFile;
  const login = file.claudeAiOauth ?? undefined;
  return login ? { state: 'ok', file, login } : { state: 'ok', file };
}

/** The parsed file and the bytes it came from (to keep a corrupt file's exact bytes). */
export async function readCredentialsWithBytes(
  file: string,
): Promise<{ result: CredentialsReadResult; bytes?: Buffer }> {
  const bytes = await readBytesIfExists(file);
  if (bytes === undefined) return { result: { state: 'missing' } };
  return { result: parseCredentials(bytes.toString('utf8')), bytes };
}
