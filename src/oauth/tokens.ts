// The token endpoint, one pair of functions per grant: one builds the request, one validates the answer. No I/O:
// the engine sends (src/engine/transport/oauthCalls.ts).
import {
  ACCOUNT_ON_HOLD_DESCRIPTION,
  accountOnHoldUrl,
  CLIENT_ID,
  LOGIN_TIME_LIMIT_DESCRIPTION,
  REFRESH_SCOPES,
  REFRESH_SCOPES_KEPT_IF_HELD,
  REQUIRED_SCOPE,
  type OAuthEndpoints,
} from './endpoints';
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
  /** The login's own client (its `clientId`), else Claude Code's. */
  readonly clientId?: string;
}

/**
 * The scopes a refresh asks for, chosen as Claude Code 2.1.332 chooses them: a login of Claude Code's own client (no
 * `clientId`) that can infer asks for the CLI's list plus the held extras, and may fall back once to its stored scopes
 * on `invalid_scope`; a login of another client asks for its stored scopes verbatim.
 */
export function refreshScopesFor(login: {
  readonly scopes?: readonly string[] | null;
  readonly clientId?: string | null;
  readonly subscriptionType?: string | null;
}): { readonly scopes: readonly string[]; readonly fallback?: readonly string[] } {
  const stored = login.scopes ?? [];
  const computed = (stored.includes(REQUIRED_SCOPE) || !!login.subscriptionType) && !login.clientId;
  if (!computed) return { scopes: stored.length ? stored : REFRESH_SCOPES };
  const scopes = [...REFRESH_SCOPES, ...REFRESH_SCOPES_KEPT_IF_HELD.filter((scope) => stored.includes(scope))];
  return stored.includes(REQUIRED_SCOPE) ? { scopes, fallback: stored } : { scopes };
}

/** The answer a refresh may retry once with the stored scopes: HTTP 400 `invalid_scope` (2.1.332). */
export function isInvalidScope(error: unknown): boolean {
  return error instanceof OAuthError && error.status === 400 && error.details.error === 'invalid_scope';
}

export function refreshTokenGrantRequest(endpoints: OAuthEndpoints, refresh: RefreshTokenGrant): HttpRequest {
  registerSecret(refresh.refreshToken);
  return {
    method: 'POST',
    url: endpoints.tokenUrl,
    json: {
      grant_type: 'refresh_token',
      refresh_token: refresh.refreshToken,
      client_id: refresh.clientId || CLIENT_ID,
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
  let errorUri: string | undefined;
  try {
    const parsed = errorResponseSchema.safeParse(JSON.parse(response.body));
    if (parsed.success) {
      const { error } = parsed.data;
      code = typeof error === 'string' ? error : error?.type;
      description = parsed.data.error_description ?? (typeof error === 'object' ? error?.message : undefined);
      errorUri = parsed.data.error_uri;
    }
  } catch {
    // Not JSON: the status alone decides.
  }
  const detail = description ? `: ${description.slice(0, 200)}` : '';
  if (
    [400, 401, 403].includes(status) &&
    (code === 'invalid_grant' || code === 'access_denied') &&
    description === ACCOUNT_ON_HOLD_DESCRIPTION
  ) {
    return new OAuthError('account_on_hold', `${who} says the account is on hold (HTTP ${status}).`, {
      status,
      error: code,
      appealUrl: accountOnHoldUrl(errorUri),
    });
  }
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
      timeLimit: description === LOGIN_TIME_LIMIT_DESCRIPTION,
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
