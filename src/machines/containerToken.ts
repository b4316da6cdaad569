// The long-lived, inference-only token that lets every new container sign in by itself. Obtained once through
// the browser (like `claude setup-token`), kept only in VS Code's secret storage on the user's side, and written
// into containers without a refresh token — so no two machines ever share a refresh chain. Beside it, under its own
// key, only until when it is valid: what a window in Restricted Mode may know without the token reaching it.
import { LONG_LIVED_EXPIRES_IN_SECONDS, LONG_LIVED_SCOPES, REQUIRED_SCOPE } from '../oauth/endpoints';
import type { ClaudeAiOauth } from '../credentials/schema';
import { registerSecret } from '../logging/redaction';

export const CONTAINER_TOKEN_SECRET = 'claudeRemoteSignIn.containerToken';
/** `{ expiresAt }` of the stored container token, and nothing else. */
export const CONTAINER_TOKEN_VALIDITY_SECRET = 'claudeRemoteSignIn.containerTokenValidity';

/** What a container sign-in asks the server for. */
export const CONTAINER_TOKEN_REQUEST = {
  scopes: LONG_LIVED_SCOPES,
  expiresInSeconds: LONG_LIVED_EXPIRES_IN_SECONDS,
} as const;

/** Renew the container token this long before it runs out, rather than hand a dying one to a new container. */
export const CONTAINER_TOKEN_MIN_LIFETIME_MS = 24 * 3_600_000;

/** That a container token is kept, and until when: no secret in it. */
export interface ContainerTokenValidity {
  readonly expiresAt: number;
}

export interface ContainerToken extends ContainerTokenValidity {
  readonly accessToken: string;
  readonly scopes: readonly string[];
  readonly createdAt: number;
}

/** The secret-storage surface we need (VS Code's SecretStorage fits). */
export interface SecretStore {
  get(key: string): Thenable<string | undefined>;
  store(key: string, value: string): Thenable<void>;
  delete(key: string): Thenable<void>;
}

export function containerTokenFromLogin(login: ClaudeAiOauth, now: number): ContainerToken | undefined {
  if (!login.accessToken || login.refreshToken || typeof login.expiresAt !== 'number') {
    return undefined;
  }
  return { accessToken: login.accessToken, expiresAt: login.expiresAt, scopes: login.scopes ?? [...LONG_LIVED_SCOPES], createdAt: now };
}

/** The login a container gets: the CLI's long-lived form, refresh token left out (never `""`). */
export function loginFromContainerToken(token: ContainerToken): ClaudeAiOauth {
  return { accessToken: token.accessToken, expiresAt: token.expiresAt, scopes: [...token.scopes] };
}

/** The container token if it has enough time left to hand to a new container. */
export async function readContainerToken(secrets: SecretStore, now: number): Promise<ContainerToken | undefined> {
  const token = await readStoredContainerToken(secrets);
  return token && isUsableContainerToken(token, now) ? token : undefined;
}

/** The stored container token whatever its time left (to tell an expired token from one the user removed). */
export async function readStoredContainerToken(secrets: SecretStore): Promise<ContainerToken | undefined> {
  const text = await secrets.get(CONTAINER_TOKEN_SECRET);
  if (!text) {
    return undefined;
  }
  try {
    const token = JSON.parse(text) as ContainerToken;
    if (typeof token.accessToken === 'string' && token.accessToken) {
      registerSecret(token.accessToken);
    }
    const wellFormed =
      typeof token.accessToken === 'string' &&
      token.accessToken.length > 0 &&
      typeof token.expiresAt === 'number' &&
      Array.isArray(token.scopes) &&
      token.scopes.includes(REQUIRED_SCOPE);
    return wellFormed ? token : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether a container token is kept and until when, without reading the token: for a window that must not have it
 * (Restricted Mode). A token kept by a version before this key existed is not seen here until a trusted window
 * reads it (see {@link noteValidity}).
 */
export async function readContainerTokenValidity(secrets: SecretStore): Promise<ContainerTokenValidity | undefined> {
  try {
    const validity = JSON.parse((await secrets.get(CONTAINER_TOKEN_VALIDITY_SECRET)) ?? 'null') as Partial<ContainerTokenValidity> | null;
    return typeof validity?.expiresAt === 'number' ? { expiresAt: validity.expiresAt } : undefined;
  } catch {
    return undefined;
  }
}

export function isUsableContainerToken(token: ContainerTokenValidity, now: number): boolean {
  return token.expiresAt - now > CONTAINER_TOKEN_MIN_LIFETIME_MS;
}

export async function storeContainerToken(secrets: SecretStore, token: ContainerToken): Promise<void> {
  await secrets.store(CONTAINER_TOKEN_SECRET, JSON.stringify(token));
  await noteValidity(secrets, token);
}

/** Keeps `{ expiresAt }` of `token` under its own key (see {@link readContainerTokenValidity}). */
export function noteValidity(secrets: SecretStore, token: ContainerTokenValidity): Thenable<void> {
  return secrets.store(CONTAINER_TOKEN_VALIDITY_SECRET, JSON.stringify({ expiresAt: token.expiresAt } satisfies ContainerTokenValidity));
}

export async function forgetContainerToken(secrets: SecretStore): Promise<void> {
  await secrets.delete(CONTAINER_TOKEN_SECRET);
  await secrets.delete(CONTAINER_TOKEN_VALIDITY_SECRET);
}
