// Turns a token answer (and, when we have it, the profile) into the login record Claude Code stores.
import { ASSUMED_REFRESH_TOKEN_LIFETIME_MS, LONG_LIVED_SCOPES } from '../oauth/endpoints';
import type { Profile } from '../oauth/profile';
import type { TokenSet } from '../oauth/tokens';
import type { OAuthAccount } from './globalConfig';
import type { ClaudeAiOauth } from './schema';

export function loginFromTokens(
  tokens: TokenSet,
  profile: Profile | undefined,
  now: number,
  previous?: ClaudeAiOauth,
): ClaudeAiOauth {
  // A refresh answer without a refresh token means the old one stays valid.
  const refreshToken = tokens.refreshToken ?? previous?.refreshToken ?? undefined;
  const login: ClaudeAiOauth = {
    accessToken: tokens.accessToken,
    refreshToken: refreshToken || null,
    expiresAt: now + tokens.expiresInSeconds * 1000,
    scopes: [...tokens.scopes],
    subscriptionType: profile?.subscriptionType ?? previous?.subscriptionType ?? null,
    rateLimitTier: profile?.rateLimitTier ?? previous?.rateLimitTier ?? null,
  };
  if (tokens.refreshTokenExpiresInSeconds !== undefined) {
    login.refreshTokenExpiresAt = now + tokens.refreshTokenExpiresInSeconds * 1000;
  } else if (refreshToken && tokens.refreshToken === undefined && previous?.refreshTokenExpiresAt) {
    login.refreshTokenExpiresAt = previous.refreshTokenExpiresAt;
  }
  const accountUuid = profile?.accountUuid ?? tokens.account?.uuid ?? previous?.accountUuid;
  const organizationUuid = profile?.organizationUuid ?? tokens.organization?.uuid ?? previous?.organizationUuid;
  if (accountUuid) {
    login.accountUuid = accountUuid;
  }
  if (organizationUuid) {
    login.organizationUuid = organizationUuid;
  }
  if (!login.refreshToken) {
    // A long-lived login: the CLI accepts a missing refresh token, never an empty one.
    delete login.refreshToken;
  }
  return login;
}

/** The CLI's `oauthAccount` entry for the global config. */
export function accountFromProfile(tokens: TokenSet, profile: Profile | undefined): OAuthAccount | undefined {
  const accountUuid = profile?.accountUuid ?? tokens.account?.uuid;
  const emailAddress = profile?.email ?? tokens.account?.emailAddress;
  if (!accountUuid || !emailAddress) {
    return undefined;
  }
  const account: OAuthAccount = { accountUuid, emailAddress };
  const organizationUuid = profile?.organizationUuid ?? tokens.organization?.uuid;
  const organizationName = profile?.organizationName ?? tokens.organization?.name;
  if (organizationUuid) account.organizationUuid = organizationUuid;
  if (organizationName) account.organizationName = organizationName;
  if (profile?.displayName) account.displayName = profile.displayName;
  return account;
}

/** When the login itself (not just the access token) runs out, and whether that is the server's word. */
export function loginDeadline(
  login: ClaudeAiOauth,
  lastWrittenAt: number,
): { readonly at: number; readonly estimated: boolean } | undefined {
  if (!login.refreshToken) {
    return undefined;
  }
  if (typeof login.refreshTokenExpiresAt === 'number' && login.refreshTokenExpiresAt > 0) {
    return { at: login.refreshTokenExpiresAt, estimated: false };
  }
  return { at: lastWrittenAt + ASSUMED_REFRESH_TOKEN_LIFETIME_MS, estimated: true };
}

/** A login of the long-lived, inference-only kind (`claude setup-token`). */
export function isLongLivedLogin(login: ClaudeAiOauth): boolean {
  return !login.refreshToken && (login.scopes ?? []).every((s) => (LONG_LIVED_SCOPES as readonly string[]).includes(s));
}
