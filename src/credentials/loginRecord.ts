// Turns a token answer (and, when we have it, the profile) into the login record Claude Code stores.
import { ASSUMED_REFRESH_TOKEN_LIFETIME_MS, LONG_LIVED_SCOPES } from '../oauth/endpoints';
import type { Profile } from '../oauth/profile';
import type { TokenSet } from '../oauth/tokens';
import type { OAuthAccount } from './globalConfig';
import type { ClaudeAiOauth } from './schema';

/**
 * The login entry Claude Code 2.1.332 would write for these tokens. Without `previous` it is a new sign-in: a fresh
 * entry from a fixed field list (nothing of an older login survives, no `clientId` for Claude Code's own client). With
 * `previous` it is a refresh: the entry's own fields (`clientId`, the plan's source and check time) stay, and the
 * login's end (`refreshTokenExpiresAt`) never moves later.
 */
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
  const endsAt = refreshToken ? loginEndsAt(tokens, now, previous) : undefined;
  if (endsAt !== undefined) login.refreshTokenExpiresAt = endsAt;
  const accountUuid = profile?.accountUuid ?? tokens.account?.uuid ?? previous?.accountUuid;
  const organizationUuid = profile?.organizationUuid ?? tokens.organization?.uuid ?? previous?.organizationUuid;
  if (accountUuid) {
    login.accountUuid = accountUuid;
  }
  if (organizationUuid) {
    login.organizationUuid = organizationUuid;
  }
  for (const own of ['clientId', 'subscriptionTypeSource', 'subscriptionTypeVerifiedAt'] as const) {
    if (previous?.[own] !== undefined && previous[own] !== null) (login as Record<string, unknown>)[own] = previous[own];
  }
  if (!login.refreshToken) {
    // A long-lived login: the CLI accepts a missing refresh token, never an empty one.
    delete login.refreshToken;
  }
  return login;
}

/**
 * `refreshTokenExpiresAt` as the CLI writes it: at sign-in the server's word, else now + 30 days; on a refresh the
 * earlier of the old and the new end, and none if the old entry had none (a refresh never extends a login).
 */
function loginEndsAt(tokens: TokenSet, now: number, previous: ClaudeAiOauth | undefined): number | undefined {
  const told = tokens.refreshTokenExpiresInSeconds !== undefined ? now + tokens.refreshTokenExpiresInSeconds * 1000 : undefined;
  const valid = (at: number | null | undefined): at is number =>
    typeof at === 'number' && at >= Date.UTC(2025, 0, 1) && at <= now + 10 * 365 * 86_400_000;
  if (!previous) return valid(told) ? told : now + ASSUMED_REFRESH_TOKEN_LIFETIME_MS;
  const old = previous.refreshTokenExpiresAt;
  if (!valid(old)) return undefined;
  return valid(told) ? Math.min(old, told) : old;
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

/** How uncertain Claude Code says a login's end is: it names the days from three before `refreshTokenExpiresAt` (2.1.332). */
export const LOGIN_END_UNCERTAINTY_MS = 3 * 86_400_000;

/**
 * When the login itself (not just the access token) runs out, and whether that is the server's word. Follows
 * `claude auth status`'s `loginExpiresAt` (2.1.332): only a login with a refresh token; a `refreshTokenExpiresAt` outside
 * 2025-01-01 … now + 10 years is ignored; none when the access token already outlives it by more than three days
 * (the server has moved the end). `earliest`/`latest` are the CLI's "between X and Y" UTC dates.
 */
export function loginDeadline(
  login: ClaudeAiOauth,
  lastWrittenAt: number,
  now: number = Date.now(),
): { readonly at: number; readonly estimated: boolean; readonly earliest?: string; readonly latest?: string } | undefined {
  if (!login.refreshToken) {
    return undefined;
  }
  const at = login.refreshTokenExpiresAt;
  if (typeof at === 'number' && at >= Date.UTC(2025, 0, 1) && at <= now + 10 * 365 * 86_400_000) {
    if (typeof login.expiresAt === 'number' && login.expiresAt > at + LOGIN_END_UNCERTAINTY_MS) return undefined;
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    return { at, estimated: false, earliest: day(at - LOGIN_END_UNCERTAINTY_MS), latest: day(at) };
  }
  return { at: lastWrittenAt + ASSUMED_REFRESH_TOKEN_LIFETIME_MS, estimated: true };
}

/** A login of the long-lived, inference-only kind (`claude setup-token`). */
export function isLongLivedLogin(login: ClaudeAiOauth): boolean {
  return !login.refreshToken && (login.scopes ?? []).every((s) => (LONG_LIVED_SCOPES as readonly string[]).includes(s));
}
