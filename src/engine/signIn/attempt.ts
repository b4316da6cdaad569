// One sign-in attempt: fresh PKCE and state, the authorize URL, and — once the browser brings a code — the
// exchange, the profile and the write. No VS Code here: the flows call these from the UI.
import { buildAuthorizeUrl, type AuthorizeOptions } from '../../oauth/authorize';
import { LOGIN_SCOPES, REQUIRED_SCOPE, type OAuthEndpoints } from '../../oauth/endpoints';
import { OAuthError } from '../../oauth/errors';
import type { HttpOptions } from '../transport/http';
import { createPkce, createState } from '../../oauth/pkce';
import type { Profile } from '../../oauth/profile';
import { exchangeCode, fetchProfile } from '../transport/oauthCalls';
import { markOnboardingComplete } from '../store/onboarding';
import type { AtomicWriteFs } from '../store/atomicWrite';
import type { ClaudeLocation } from '../../credentials/location';
import { withRefreshLocks } from '../store/locks';
import { accountFromProfile, loginFromTokens } from '../../credentials/loginRecord';
import type { ClaudeAiOauth } from '../../credentials/schema';
import type { CredentialStore, StoreWriteResult } from '../../credentials/credentialStore';
import { fileStore } from '../store/fileStore';
import type { KeptAside } from '../store/credentialsFile';
import { describeError, type Log } from '../../logging/log';

export interface SignInAttempt {
  readonly authorizeUrl: string;
  readonly redirectUri: string;
  readonly state: string;
  /** Kept inside the attempt; never logged. */
  readonly codeVerifier: string;
  readonly scopes: readonly string[];
  /** Set for a long-lived (inference-only, one year) token. */
  readonly expiresInSeconds?: number;
}

export function startAttempt(
  endpoints: OAuthEndpoints,
  redirectUri: string,
  options: { scopes?: readonly string[]; expiresInSeconds?: number; authorize?: AuthorizeOptions; state?: string } = {},
): SignInAttempt {
  const pkce = createPkce();
  const state = options.state ?? createState();
  const scopes = options.scopes ?? LOGIN_SCOPES;
  return {
    authorizeUrl: buildAuthorizeUrl(endpoints, {
      redirectUri,
      codeChallenge: pkce.challenge,
      state,
      scopes,
      ...options.authorize,
    }),
    redirectUri,
    state,
    codeVerifier: pkce.verifier,
    scopes,
    expiresInSeconds: options.expiresInSeconds,
  };
}

export interface SignedIn {
  readonly login: ClaudeAiOauth;
  readonly profile?: Profile;
  /** The account's e-mail, from the profile or (for a token without the profile scope) the token answer. */
  readonly email?: string;
  readonly credentialsFile: string;
  /** What in the credentials file could not be used and was replaced, and where its bytes were kept. */
  readonly keptAside?: KeptAside;
}

export interface FinishOptions {
  readonly endpoints: OAuthEndpoints;
  readonly location: ClaudeLocation;
  readonly http?: HttpOptions;
  readonly log: Log;
  readonly now?: () => number;
  /** Where the login goes (engine/store/openStore.ts picks it); the credentials file when absent. */
  readonly store?: CredentialStore;
  /** For tests: the file-system calls of the writes (fault injection). */
  readonly fs?: AtomicWriteFs;
}

/** Exchanges the code, asks who signed in, and writes the login where Claude Code reads it. */
export async function finishAttempt(attempt: SignInAttempt, code: string, options: FinishOptions): Promise<SignedIn> {
  const { endpoints, location, http, log } = options;
  const now = options.now ?? Date.now;
  log.info('Exchanging the authorization code for tokens.');
  const tokens = await exchangeCode(
    endpoints,
    {
      code,
      redirectUri: attempt.redirectUri,
      codeVerifier: attempt.codeVerifier,
      state: attempt.state,
      expiresInSeconds: attempt.expiresInSeconds,
    },
    http,
  );
  if (!tokens.scopes.includes(REQUIRED_SCOPE)) {
    throw new OAuthError('rejected', `The sign-in was granted without the ${REQUIRED_SCOPE} scope Claude Code needs.`);
  }
  const issuedAt = now();
  let profile: Profile | undefined;
  if (tokens.scopes.includes('user:profile')) {
    try {
      profile = await fetchProfile(endpoints, tokens.accessToken, http);
    } catch (error) {
      // The login works without it; the plan shows as unknown until the next profile fetch.
      log.warn(`Could not read the account profile: ${describeError(error)}`);
    }
  }
  const login = loginFromTokens(tokens, profile, issuedAt);
  const { result: written } = await writeNewLogin(options.store ?? fileStore(location), login, options);
  if (!written.written) {
    throw new Error('The credentials file changed while signing in; nothing was written.');
  }
  log.info(`Wrote the login to ${written.path}.`);
  try {
    await markOnboardingComplete(location, accountFromProfile(tokens, profile), { fs: options.fs });
  } catch (error) {
    log.warn(`Could not mark onboarding complete in ${location.globalConfigFile}: ${describeError(error)}`);
  }
  return {
    login,
    profile,
    email: profile?.email ?? tokens.account?.emailAddress,
    credentialsFile: written.path,
    keptAside: written.keptAside,
  };
}

/**
 * How long a new login waits for a refresh in flight before it is written anyway: Claude Code gives its token request
 * 15 s, so a refresh lock held longer belongs to a hung or crashed process.
 */
const REFRESH_IN_FLIGHT_WAIT_MS = 20_000;

/**
 * Writes a new sign-in's login under Claude Code's refresh locks as well as the storage-write lock. A refresh in flight
 * finishes first and the new login goes over its result; a refresh that starts later re-reads under its lock and
 * adopts the new login. Without the refresh locks, Claude Code 2.1.112 — which writes a refresh's rotated tokens over
 * whatever login the file holds by then (2.1.332 checks first) — can replace a brand-new sign-in with the old login.
 * The locks must not cost the user the sign-in, though: when they cannot be had (held past a refresh's time, or a
 * folder where they cannot be made), the login is written under the storage-write lock alone, as the CLI would.
 */
async function writeNewLogin(store: CredentialStore, login: ClaudeAiOauth, options: FinishOptions): Promise<StoreWriteResult> {
  const { log, http } = options;
  const write = (): Promise<StoreWriteResult> => {
    // Cancel pressed while the server answered (or while a refresh finished): the user asked for nothing to change.
    if (http?.signal?.aborted) {
      throw new OAuthError('cancelled', 'The sign-in was cancelled before the login was written.');
    }
    return store.writeLogin(login, { newSignIn: true, fs: options.fs });
  };
  let told = false;
  let writing = false;
  try {
    return await withRefreshLocks(
      store.location,
      () => {
        writing = true;
        return write();
      },
      {
        maxWaitMs: REFRESH_IN_FLIGHT_WAIT_MS,
        onWait: (lockPath) => {
          if (!told) log.info(`A refresh of the old login is in progress (${lockPath} is held); the new sign-in waits for the refresh to finish so that it cannot be overwritten.`);
          told = true;
        },
      },
    );
  } catch (error) {
    if (writing) throw error;
    log.warn(`Writing the new login without Claude Code's refresh locks: ${describeError(error)}`);
    return write();
  }
}
