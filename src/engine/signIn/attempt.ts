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
import { accountFromProfile, loginFromTokens } from '../../credentials/loginRecord';
import type { ClaudeAiOauth } from '../../credentials/schema';
import type { CredentialStore } from '../../credentials/credentialStore';
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
  /** Where the login goes (credentials/stores.ts picks it); the credentials file when absent. */
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
  // Cancel pressed while the server answered: the user asked for nothing to change, so nothing is written.
  if (http?.signal?.aborted) {
    throw new OAuthError('cancelled', 'The sign-in was cancelled before the login was written.');
  }
  const { result: written } = await (options.store ?? fileStore(location)).writeLogin(login, { newSignIn: true, fs: options.fs });
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
