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
});

export type ClaudeAiOauth = z.infer<typeof claudeAiOauthSchema>;

/** The whole file: other top-level keys (`mcpOAuth`, `pluginSecrets`, …) are kept as they are. */
export const credentialsFileSchema = z.looseObject({
  claudeAiOauth: z.optional(z.nullable(claudeAiOauthSchema)),
});

export type CredentialsFile = z.infer<typeof credentialsFileSchema>;

/** The key under which the CLI keeps the Claude.ai login. */
export const LOGIN_KEY = 'claudeAiOauth';
