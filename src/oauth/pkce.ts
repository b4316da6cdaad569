// PKCE (RFC 7636, S256) and the `state` value, as Claude Code makes them: base64url of 32 random bytes.
import { createHash, randomBytes } from 'node:crypto';
import { registerSecret } from '../logging/redaction';

export interface Pkce {
  readonly verifier: string;
  readonly challenge: string;
}

/** A fresh secret, registered for redaction before anyone can print it. */
function randomBase64Url(): string {
  const value = randomBytes(32).toString('base64url');
  registerSecret(value);
  return value;
}

export function challengeFor(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

export function createPkce(): Pkce {
  const verifier = randomBase64Url();
  return { verifier, challenge: challengeFor(verifier) };
}

export function createState(): string {
  return randomBase64Url();
}
