// Renews the access token without ever fighting Claude Code: under the CLI's own refresh locks, re-read the file,
// adopt tokens someone else renewed meanwhile, and write back only if the file still holds the refresh token we
// spent (compare-and-swap). No VS Code here.
import { LOGIN_SCOPES, type OAuthEndpoints } from '../../oauth/endpoints';
import { OAuthError } from '../../oauth/errors';
import type { HttpOptions } from '../transport/http';
import type { Profile } from '../../oauth/profile';
import { fetchProfile, refreshTokens } from '../transport/oauthCalls';
import type { ClaudeLocation } from '../../credentials/location';
import type { AtomicWriteFs } from '../store/atomicWrite';
import { withRefreshLocks, type LockWaitOptions } from '../store/locks';
import { loginFromTokens } from '../../credentials/loginRecord';
import type { ClaudeAiOauth } from '../../credentials/schema';
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
  /** The server refused the refresh token (`invalid_grant`): the user must sign in again. */
  | { readonly kind: 'sign_in_again'; readonly refusedRefreshToken: string };

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
        tokens = await refreshTokens(endpoints, { refreshToken, scopes: login.scopes?.length ? login.scopes : LOGIN_SCOPES }, http);
      } catch (error) {
        if (error instanceof OAuthError && error.kind === 'invalid_grant') {
          // Someone may have spent it without taking the lock: if the file moved on, their tokens are good.
          const { result: after } = await store.read();
          const current = after.state === 'ok' ? after.login : undefined;
          if (current?.accessToken && current.refreshToken && current.refreshToken !== refreshToken) {
            log.info('The refresh token was spent by another process; using the tokens it wrote.');
            return { kind: 'adopted', login: current };
          }
          log.warn('The server no longer accepts this login (invalid_grant): a new sign-in is needed.');
          return { kind: 'sign_in_again', refusedRefreshToken: refreshToken };
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
