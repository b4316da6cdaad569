// No secret leaves the extension in text. Every secret value the extension handles — access and refresh tokens
// of any shape, authorization codes, PKCE verifiers, state — is registered here the moment we see it, and every
// text that leaves (log, notification, report, error message) passes through `redact`. The token shapes are a
// second net for values that were never registered.
/** Shapes of Claude tokens (`sk-ant-oat01-…`, `sk-ant-ort01-…`, `sk-ant-api03-…`): the second net. */
const TOKEN_PATTERN = /(sk-ant-[a-z]{2,4}\d{2}-)[A-Za-z0-9_-]+/g;

export const REDACTED = '[redacted]';

/** Shorter values would match ordinary words; every secret we handle is far longer. */
const MIN_SECRET_LENGTH = 8;
/** Old tokens are dead, but a long-running window keeps a bounded list. */
const MAX_SECRETS = 500;

const secrets = new Set<string>();

/** Remembers secret values so that `redact` replaces them wherever they appear. Empty or short values are ignored. */
export function registerSecret(...values: readonly (string | null | undefined)[]): void {
  for (const value of values) {
    if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) continue;
    secrets.delete(value);
    secrets.add(value);
    // In a URL or a form body a value may appear percent-encoded.
    const encoded = encodeURIComponent(value);
    if (encoded !== value) secrets.add(encoded);
  }
  for (const oldest of secrets) {
    if (secrets.size <= MAX_SECRETS) break;
    secrets.delete(oldest);
  }
}

/** `text` with every registered secret, and anything shaped like a Claude token, replaced by a marker. */
export function redact(text: string): string {
  let result = text;
  // Longest first, so a secret that contains another is replaced whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (result.includes(secret)) result = result.split(secret).join(REDACTED);
  }
  return result.replace(TOKEN_PATTERN, `$1${REDACTED}`);
}
