// Shapes of the token server's answers, validated before anything is trusted.
import * as z from '../validation/zod';

export const tokenResponseSchema = z.looseObject({
  access_token: z.string().check(z.minLength(1)),
  refresh_token: z.optional(z.nullable(z.string())),
  expires_in: z.number().check(z.positive()),
  scope: z.optional(z.nullable(z.string())),
  refresh_token_expires_in: z.optional(z.nullable(z.number())),
  account: z.optional(
    z.nullable(z.looseObject({ uuid: z.optional(z.string()), email_address: z.optional(z.string()) })),
  ),
  organization: z.optional(
    z.nullable(z.looseObject({ uuid: z.optional(z.string()), name: z.optional(z.nullable(z.string())) })),
  ),
});

export const errorResponseSchema = z.looseObject({
  error: z.optional(z.union([z.string(), z.looseObject({ type: z.optional(z.string()), message: z.optional(z.string()) })])),
  error_description: z.optional(z.string()),
  /** A page about the error; for `account_on_hold`, where to view details or appeal. */
  error_uri: z.optional(z.string()),
});

export const profileResponseSchema = z.looseObject({
  account: z.looseObject({
    uuid: z.string(),
    email: z.optional(z.nullable(z.string())),
    email_address: z.optional(z.nullable(z.string())),
    display_name: z.optional(z.nullable(z.string())),
  }),
  organization: z.optional(
    z.nullable(
      z.looseObject({
        uuid: z.optional(z.nullable(z.string())),
        name: z.optional(z.nullable(z.string())),
        organization_type: z.optional(z.nullable(z.string())),
        rate_limit_tier: z.optional(z.nullable(z.string())),
      }),
    ),
  ),
});
