// The token endpoint, one pair of functions per grant: one builds the request, one validates the answer. No I/O:
// the engine sends (src/engine/transport/oauthCalls.ts).
import { CLIENT_ID, type OAuthEndpoints } from './endpoints';
import { OAuthError } from './errors';
import type { HttpRequest, HttpResponse } from './httpMessage';
import { registerSecret } from '../logging/redaction';
import { errorResponseSchema, tokenResponseSchema } from './responses';

/** What a successful token request gives us, in our own words and units. */
export interface TokenSet {
  readonly accessToken: string;
  /** Absent for a long-lived token; the caller keeps the old one if a refresh answer omits it. */
  readonly refreshToken?: string;
  readonly expiresInSeconds: number;
  readonly scopes: readonly string[];
  readonly refreshTokenExpiresInSeconds?: number;
  readonly account?: { readonly uuid?: string; readonly emailAddress?: string };
  readonly organization?: { readonly uuid?: string; readonly name?: string };
}

export interface AuthorizationCodeGrant {
  readonly code: string;
  /** Exactly the redirect_uri of the authorize request. */
  readonly redirectUri: string;
  readonly codeVerifier: string;
  readonly state: string;
  /** Asks for a token of this lifetime (the long-lived, `claude setup-token` kind). */
  readonly expiresInSeconds?: number;
}

export function authorizationCodeGrantRequest(endpoints: OAuthEndpoints, grant: AuthorizationCodeGrant): HttpRequest {
  registerSecret(grant.code, grant.codeVerifier, grant.state);
  const json: Record<string, unknown> = {
    grant_type: 'authorization_code',
    code: grant.code,
    redirect_uri: grant.redirectUri,
    client_id: CLIENT_ID,
    code_verifier: grant.codeVerifier,
    state: grant.state,
  };
  if (grant.expiresInSeconds !== undefined) {
    json.expires_in = grant.expiresInSeconds;
  }
  return { method: 'POST', url: endpoints.tokenUrl, json };
}

export interface RefreshTokenGrant {
  readonly refreshToken: string;
  readonly scopes: readonly string[];
}

export function refreshTokenGrantRequest(endpoints: OAuthEndpoints, refresh: RefreshTokenGrant): HttpRequest {
  registerSecret(refresh.refreshToken);
  return {
    method: 'POST',
    url: endpoints.tokenUrl,
    json: {
      grant_type: 'refresh_token',
      refresh_token: refresh.refreshToken,
      client_id: CLIENT_ID,
      scope: refresh.scopes.join(' '),
    },
  };
}

/** Validates a token endpoint answer; throws an OAuthError whose kind says what to do. */
export function processTokenResponse(response: HttpResponse, requestedScopes: readonly string[] = []): TokenSet {
  if (response.status !== 200) {
    throw errorFromResponse(response, 'The token server');
  }
  const body = parseJson(response, 'The token server');
  const parsed = tokenResponseSchema.safeParse(body);
  if (!parsed.success) {
    throw new OAuthError('malformed_response', 'The token server answered without a usable access token.', {
      status: response.status,
    });
  }
  const data = parsed.data;
  registerSecret(data.access_token, data.refresh_token);
  const scopes = data.scope ? data.scope.split(' ').filter(Boolean) : [...requestedScopes];
  return {
    accessToken: data.access_token,
    refreshToken: data.refresh_token || undefined,
    expiresInSeconds: data.expires_in,
    scopes,
    refreshTokenExpiresInSeconds: data.refresh_token_expires_in ?? undefined,
    account: data.account
      ? { uuid: data.account.uuid, emailAddress: data.account.email_address }
      : undefined,
    organization: data.organization
      ? { uuid: data.organization.uuid, name: data.organization.name ?? undefined }
      : undefined,
  };
}

export function parseJson(response: HttpResponse, who: string): unknown {
  try {
    return JSON.parse(response.body);
  } catch {
    throw new OAuthError('malformed_response', `${who} sent a response that is not JSON (HTTP ${response.status}).`, {
      status: response.status,
    });
  }
}

/** Turns a non-200 answer into the right kind of error. */
export function errorFromResponse(response: HttpResponse, who: string): OAuthError {
  const { status } = response;
  let code: string | undefined;
  let description: string | undefined;
  try {
    const parsed = errorResponseSchema.safeParse(JSON.parse(response.body));
    if (parsed.success) {
      const { error } = parsed.data;
      code = typeof error === 'string' ? error : error?.type;
      description = parsed.data.error_description ?? (typeof error === 'object' ? error?.message : undefined);
    }
  } catch {
    // Not JSON: the status alone decides.
  }
  const detail = description ? `: ${description.slice(0, 200)}` : '';
  if (status === 429) {
    return new OAuthError('rate_limited', `${who} is rate limiting requests (HTTP 429)${detail}`, {
      status,
      error: code,
      retryAfterMs: retryAfterMs(response.headers['retry-after']),
    });
  }
  if (status >= 500) {
    return new OAuthError('server_error', `${who} failed (HTTP ${status})${detail}`, { status, error: code });
  }
  if (code === 'invalid_grant' || (status === 401 && !code)) {
    return new OAuthError('invalid_grant', `${who} no longer accepts this sign-in (${code ?? `HTTP ${status}`})${detail}`, {
      status,
      error: code ?? 'invalid_grant',
    });
  }
  return new OAuthError('rejected', `${who} refused the request (HTTP ${status}${code ? `, ${code}` : ''})${detail}`, {
    status,
    error: code,
  });
}

function retryAfterMs(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) {
    return undefined;
  }
  const seconds = Number(value);
  if (Number.isFinite(seconds)) {
    return Math.max(0, seconds * 1000);
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
