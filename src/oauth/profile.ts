// The profile endpoint: who signed in, and on which plan. The request and its validation; the engine sends it.
import { SUBSCRIPTION_TYPES, type OAuthEndpoints } from './endpoints';
import { OAuthError } from './errors';
import type { HttpRequest, HttpResponse } from './httpMessage';
import { profileResponseSchema } from './responses';
import { errorFromResponse, parseJson } from './tokens';

export interface Profile {
  readonly accountUuid: string;
  readonly email?: string;
  readonly displayName?: string;
  readonly organizationUuid?: string;
  readonly organizationName?: string;
  /** `max`, `pro`, `team`, `enterprise`, as Claude Code stores it; undefined for other plans. */
  readonly subscriptionType?: string;
  readonly rateLimitTier?: string;
}

export function profileRequest(endpoints: OAuthEndpoints, accessToken: string): HttpRequest {
  return { method: 'GET', url: endpoints.profileUrl, headers: { authorization: `Bearer ${accessToken}` } };
}

export function processProfileResponse(response: HttpResponse): Profile {
  if (response.status !== 200) {
    throw errorFromResponse(response, 'The profile server');
  }
  const parsed = profileResponseSchema.safeParse(parseJson(response, 'The profile server'));
  if (!parsed.success) {
    throw new OAuthError('malformed_response', 'The profile server sent an answer without an account.', {
      status: response.status,
    });
  }
  const { account, organization } = parsed.data;
  const organizationType = organization?.organization_type ?? undefined;
  return {
    accountUuid: account.uuid,
    email: account.email ?? account.email_address ?? undefined,
    displayName: account.display_name ?? undefined,
    organizationUuid: organization?.uuid ?? undefined,
    organizationName: organization?.name ?? undefined,
    subscriptionType: organizationType ? SUBSCRIPTION_TYPES[organizationType] : undefined,
    rateLimitTier: organization?.rate_limit_tier ?? undefined,
  };
}
