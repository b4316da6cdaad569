// The one description of Claude Code's credentials file (`<configDir>/.credentials.json`).
// The file belongs to the CLI: every object is loose so keys we do not know survive a rewrite.
import * as z from '../validation/zod';

/** `claudeAiOauth`: the Claude.ai login. Times are epoch milliseconds, scopes an array. */
export const claudeAiOauthSchema = z.looseObject({
  accessToken: z.string(),
  /** Absent or null for a long-lived (setup-token style) login. Never write `""`. */
  refreshToken: z.optional(z.nullable(z.string())),
  expiresAt: z.nullable(z.number()),
  scopes: z.optional(z.array(z.string())),
  subscriptionType: z.optional(z.nullable(z.string())),
  rateLimitTier: z.optional(z.nullable(z.string())),
  refreshTokenExpiresAt: z.optional(z.nullable(z.number())),
  accountUuid: z.optional(z.nullable(z.string())),
  organizationUuid: z.optional(z.nullable(z.string())),
  subscriptionTypeSource: z.optional(z.nullable(z.string())),
  subscriptionTypeVerifiedAt: z.optional(z.nullable(z.number())),
  /** Another OAuth client's login; absent for Claude Code's own (its refresh then asks for the CLI's scope list). */
  clientId: z.optional(z.nullable(z.string())),
  /** Written only with a blanked login: `"time_limit"` when it ran out of time (Claude Code 2.1.332). */
  loginEnded: z.optional(z.nullable(z.string())),
});

export type ClaudeAiOauth = z.infer<typeof claudeAiOauthSchema>;

/** The whole file: other top-level keys (`mcpOAuth`, `pluginSecrets`, …) are kept as they are. */
export const credentialsFileSchema = z.looseObject({
  claudeAiOauth: z.optional(z.nullable(claudeAiOauthSchema)),
});

export type CredentialsFile = z.infer<typeof credentialsFileSchema>;

/** The key under which the CLI keeps the Claude.ai login. */
export const LOGIN_KEY = 'claudeAiOauth';

/**
 * Top-level keys Claude Code 2.1.332 deletes when a new sign-in is saved (they belong to the previous login); every
 * other key (`mcpOAuth`, `pluginSecrets`, `keychainOverflow`, unknown ones) stays.
 */
export const KEYS_DROPPED_AT_SIGN_IN = [
  LOGIN_KEY,
  'organizationUuid',
  'trustedDeviceToken',
  'trustedDeviceEnrolledAfterRefusalAtMs',
  'enterpriseGateway',
  'designOauth',
  'chatHistoryOauth',
  'cloudSessionsOauth',
  'cloudSessionsSignInEnded',
  'hybridOauth',
  'hybridGatewayAuth',
  'hybridGatewayIdp',
] as const;

/** `loginEnded` of a login that reached its time limit. */
export const LOGIN_ENDED_TIME_LIMIT = 'time_limit';
