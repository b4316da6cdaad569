// Renews the access token without ever fighting Claude Code: under the CLI's own refresh locks, re-read the file,
// adopt tokens someone else renewed meanwhile, and write back only if the file still holds the refresh token we
// spent (compare-and-swap). No VS Code here.
import type { OAuthEndpoints } from '../../oauth/endpoints';
import { isInvalidScope, refreshScopesFor } from '../../oauth/tokens';
import { OAuthError } from '../../oauth/errors';
import type { HttpOptions } from '../transport/http';
import type { Profile } from '../../oauth/profile';
import { fetchProfile, refreshTokens } from '../transport/oauthCalls';
import type { ClaudeLocation } from '../../credentials/location';
import type { AtomicWriteFs } from '../store/atomicWrite';
import { withRefreshLocks, type LockWaitOptions } from '../store/locks';
import { loginFromTokens } from '../../credentials/loginRecord';
import { LOGIN_ENDED_TIME_LIMIT, type ClaudeAiOauth } from '../../credentials/schema';
import { assertWritable, type CredentialStore } from '../../credentials/credentialStore';
import { fileStore } from '../store/fileStore';
import { RelativeConfigDirError } from '../../credentials/location';
import { InvalidLoginError, type WriteLoginResult } from '../store/credentialsFile';
import { describeError, type Log } from '../../logging/log';

export type RefreshOutcome =
  /** We renewed the tokens and wrote them. */
  | { readonly kind: 'refreshed'; readonly login: ClaudeAiOauth }
  /** Someone else (Claude Code, another window) renewed them meanwhile: we took theirs and spent nothing. */
  | { readonly kind: 'adopted'; readonly login: ClaudeAiOauth }
  /** Still fresh and not forced: nothing to do. */
  | { readonly kind: 'still_fresh'; readonly login: ClaudeAiOauth }
  /** No usable login in the file (missing, unreadable, blanked). */
  | { readonly kind: 'no_login' }
  /** A login without a refresh token (the long-lived kind): only a new sign-in renews it. */
  | { readonly kind: 'not_refreshable'; readonly login: ClaudeAiOauth }
  /**
   * The server refused the refresh token (`invalid_grant`): the user must sign in again. The login was ended in the
   * file as Claude Code ends it; `ended` says it reached its time limit (else it was used elsewhere or revoked).
   */
  | { readonly kind: 'sign_in_again'; readonly refusedRefreshToken: string; readonly ended?: 'time_limit' }
  /** The account is on hold: nothing was written, and a new sign-in would not help; `appealUrl` says where to look. */
  | { readonly kind: 'account_on_hold'; readonly appealUrl: string };

export interface RefreshOptions extends LockWaitOptions {
  readonly endpoints: OAuthEndpoints;
  readonly location: ClaudeLocation;
  readonly log: Log;
  readonly http?: HttpOptions;
  readonly now?: () => number;
  /**
   * The refresh token the caller saw before asking. If the file holds another one by the time we have the lock,
   * someone renewed meanwhile and we adopt theirs. Undefined: decide by `renewWithinMs` alone.
   */
  readonly seenRefreshToken?: string;
  /** Renew only if the access token expires within this many ms (auto refresh); undefined = always (a click). */
  readonly renewWithinMs?: number;
  /** Where the login lives (engine/store/openStore.ts picks it); the credentials file when absent. */
  readonly store?: CredentialStore;
  /** For tests: the file-system calls of the write (fault injection). */
  readonly fs?: AtomicWriteFs;
}

export async function refreshLogin(options: RefreshOptions): Promise<RefreshOutcome> {
  const { endpoints, location, log, http } = options;
  const store = options.store ?? fileStore(location);
  const now = options.now ?? Date.now;
  return withRefreshLocks(
    location,
    async (lockLost) => {
      const found = await store.read();
      const read = found.result;
      const login = read.state === 'ok' ? read.login : undefined;
      if (!login || !login.accessToken) {
        return { kind: 'no_login' };
      }
      const refreshToken = login.refreshToken;
      if (!refreshToken) {
        return { kind: 'not_refreshable', login };
      }
      if (options.seenRefreshToken !== undefined && refreshToken !== options.seenRefreshToken) {
        log.info('The credentials were renewed by another process meanwhile; using those.');
        return { kind: 'adopted', login };
      }
      if (options.renewWithinMs !== undefined && typeof login.expiresAt === 'number' && login.expiresAt - now() > options.renewWithinMs) {
        return { kind: 'still_fresh', login };
      }

      // Spend the refresh token only while we still hold the lock: without it, another refresher may be spending it too.
      // And only where the new pair can be written: a spent token with nowhere to put its successor is a dead login.
      assertWritable(found);
      lockLost.throwIfAborted();
      log.info('Refreshing the access token.');
      let tokens;
      try {
        tokens = await refreshAsTheCliDoes(endpoints, login, refreshToken, log, http);
      } catch (error) {
        if (error instanceof OAuthError && error.kind === 'account_on_hold') {
          log.warn('The server says the account is on hold; the login is left as it is.');
          return { kind: 'account_on_hold', appealUrl: error.details.appealUrl ?? '' };
        }
        if (error instanceof OAuthError && error.kind === 'invalid_grant') {
          return endRefusedLogin(store, login, refreshToken, error.details.timeLimit === true, options);
        }
        throw error;
      }

      let profile: Profile | undefined;
      const scopes = tokens.scopes;
      if ((!login.subscriptionType || !login.rateLimitTier) && scopes.includes('user:profile')) {
        try {
          profile = await fetchProfile(endpoints, tokens.accessToken, http);
        } catch (error) {
          log.warn(`Could not read the account profile: ${describeError(error)}`);
        }
      }
      const renewed = loginFromTokens(tokens, profile, now(), login);
      // The server has rotated the refresh token: the old one is dead, so the new pair must reach the file even if
      // the refresh lock was lost meanwhile. The compare-and-swap write under the storage-write lock is safe alone.
      if (lockLost.aborted) {
        log.warn('The refresh lock was taken over while the server answered; writing the new tokens with compare-and-swap.');
      }
      const written = await writeRotated(store, renewed, refreshToken, options);
      if (!written.written) {
        // The file moved on without the refresh lock (e.g. a new sign-in). Theirs wins; ours is simply dropped.
        log.warn('The credentials file changed during the refresh; keeping what is there now.');
        return written.current ? { kind: 'adopted', login: written.current } : { kind: 'no_login' };
      }
      log.info('Refreshed the access token.');
      return { kind: 'refreshed', login: renewed };
    },
    { maxWaitMs: options.maxWaitMs },
  );
}

/**
 * Claude Code 2.1.332's refresh request: the scopes of refreshScopesFor, the login's own client, and on HTTP 400
 * `invalid_scope` one retry with the stored scopes. invalid_client and unauthorized_client are plain failures.
 */
async function refreshAsTheCliDoes(
  endpoints: OAuthEndpoints,
  login: ClaudeAiOauth,
  refreshToken: string,
  log: Log,
  http: HttpOptions | undefined,
) {
  const { scopes, fallback } = refreshScopesFor(login);
  const clientId = login.clientId ?? undefined;
  try {
    return await refreshTokens(endpoints, { refreshToken, scopes, clientId }, http);
  } catch (error) {
    if (!fallback || !isInvalidScope(error)) throw error;
    log.info('The server refused the refresh scopes (invalid_scope); asking again with the login’s own scopes.');
    return refreshTokens(endpoints, { refreshToken, scopes: fallback, clientId }, http);
  }
}

/**
 * The server refused the refresh token. Someone may have spent it without taking the lock: if the store moved on,
 * their tokens are good. Otherwise end the login as Claude Code does — blank tokens, `expiresAt: 0`, `loginEnded`
 * for a time limit, every other field kept — with compare-and-swap on the refused token, so both the CLI and we
 * say "sign in again" rather than one of us spending a dead token again.
 */
async function endRefusedLogin(
  store: CredentialStore,
  login: ClaudeAiOauth,
  refreshToken: string,
  timeLimit: boolean,
  options: RefreshOptions,
): Promise<RefreshOutcome> {
  const { result: after } = await store.read();
  const current = after.state === 'ok' ? after.login : undefined;
  if (current?.accessToken && current.refreshToken && current.refreshToken !== refreshToken) {
    options.log.info('The refresh token was spent by another process; using the tokens it wrote.');
    return { kind: 'adopted', login: current };
  }
  options.log.warn(`The server no longer accepts this login (invalid_grant${timeLimit ? ', time limit' : ''}): a new sign-in is needed.`);
  const ended: ClaudeAiOauth = { ...login, accessToken: '', refreshToken: '', expiresAt: 0 };
  delete ended.loginEnded;
  if (timeLimit) ended.loginEnded = LOGIN_ENDED_TIME_LIMIT;
  try {
    const { result } = await store.writeLogin(ended, { ifRefreshTokenIs: refreshToken, endsLogin: true, maxWaitMs: options.maxWaitMs, fs: options.fs });
    if (!result.written && result.current?.accessToken && result.current.refreshToken) return { kind: 'adopted', login: result.current };
  } catch (error) {
    // The login is dead either way; the CLI will end it in the file itself on its next try.
    options.log.warn(`Could not mark the ended login in the credentials file: ${describeError(error)}`);
  }
  return timeLimit ? { kind: 'sign_in_again', refusedRefreshToken: refreshToken, ended: 'time_limit' } : { kind: 'sign_in_again', refusedRefreshToken: refreshToken };
}

/** Attempts of the compare-and-swap write of rotated tokens, and the pauses between them. */
const ROTATED_WRITE_PAUSES_MS = [50, 250];

/**
 * Writes tokens the server has already rotated. The old refresh token is dead, so a write that failed (a lock lost
 * before it, a file-system error — each leaves the old file whole) is tried again: giving up leaves a dead login.
 */
async function writeRotated(
  store: CredentialStore,
  renewed: ClaudeAiOauth,
  spentRefreshToken: string,
  options: RefreshOptions,
): Promise<WriteLoginResult> {
  for (let attempt = 0; ; attempt++) {
    try {
      return (await store.writeLogin(renewed, { ifRefreshTokenIs: spentRefreshToken, maxWaitMs: options.maxWaitMs, fs: options.fs })).result;
    } catch (error) {
      const pause = ROTATED_WRITE_PAUSES_MS[attempt];
      if (pause === undefined || error instanceof InvalidLoginError || error instanceof RelativeConfigDirError) throw error;
      options.log.warn(`Could not write the new tokens; trying again (${describeError(error)}).`);
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}
