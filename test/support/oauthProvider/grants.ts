// What the provider remembers: pending consents, authorization codes, access and refresh tokens.
// No HTTP here: each grant takes the parsed JSON body and returns the response body, or throws ProviderError.
import { createHash, randomBytes } from 'node:crypto';
import { CLIENT_ID } from '../../../src/oauth/endpoints.js';
import type { AuthorizeRequest } from './authorizeRequest.js';
import type { TestAccount, TestOrganization } from './types.js';

/** An OAuth error response: `{"error": …, "error_description": …}` with its HTTP status. */
export class ProviderError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
    readonly status = 400,
  ) {
    super(`${error}: ${description}`);
  }

  toJSON(): { error: string; error_description: string } {
    return { error: this.error, error_description: this.description };
  }
}

export interface TokenResponse {
  token_type: 'Bearer';
  access_token: string;
  refresh_token?: string;
  expires_in: number;
  refresh_token_expires_in?: number;
  scope: string;
  account: { uuid: string; email_address: string };
  organization: { uuid: string; name: string };
}

export interface GrantSettings {
  readonly accessTokenLifetimeSeconds: number;
  readonly refreshTokenLifetimeSeconds?: number;
  readonly codeLifetimeSeconds: number;
  readonly account: TestAccount;
  readonly organization: TestOrganization;
  readonly now: () => number;
  readonly opaqueTokens: boolean;
  /** Client ids besides Claude Code's that the token endpoint accepts (a special client's login). */
  readonly otherClientIds: readonly string[];
}

export interface AccessTokenRecord {
  readonly scopes: readonly string[];
  readonly expiresAt: number;
  /** Every token descending from one authorization code shares a family, so a reused code can revoke them all. */
  readonly family: string;
  revoked: boolean;
}

interface RefreshTokenRecord {
  readonly scopes: readonly string[];
  readonly expiresAt?: number;
  readonly family: string;
  live: boolean;
}

interface AuthorizationCode {
  readonly request: AuthorizeRequest;
  readonly expiresAt: number;
  readonly family: string;
  used: boolean;
}

export class GrantStore {
  private readonly consents = new Map<string, AuthorizeRequest>();
  private readonly codes = new Map<string, AuthorizationCode>();
  private readonly accessTokens = new Map<string, AccessTokenRecord>();
  private readonly refreshTokens = new Map<string, RefreshTokenRecord>();
  readonly issuedAccessTokens: string[] = [];
  readonly issuedRefreshTokens: string[] = [];

  constructor(private readonly settings: GrantSettings) {}

  /** Keeps a validated authorize request while the user decides; the consent form carries only the returned id. */
  holdConsent(request: AuthorizeRequest): string {
    const consentId = randomBytes(16).toString('base64url');
    this.consents.set(consentId, request);
    return consentId;
  }

  /** The user's answer on the consent page. Returns where to send the browser; undefined if the id is unknown or answered. */
  decide(consentId: string, approved: boolean): string | undefined {
    const request = this.consents.get(consentId);
    if (!request) {
      return undefined;
    }
    this.consents.delete(consentId);
    const target = new URL(request.redirectUri);
    if (approved) {
      const code = randomBytes(32).toString('base64url');
      this.codes.set(code, {
        request,
        expiresAt: this.settings.now() + this.settings.codeLifetimeSeconds * 1000,
        family: randomBytes(8).toString('hex'),
        used: false,
      });
      target.searchParams.set('code', code);
    } else {
      target.searchParams.set('error', 'access_denied');
      target.searchParams.set('error_description', 'The user denied access to Claude Code.');
    }
    target.searchParams.set('state', request.state);
    return target.href;
  }

  /** grant_type=authorization_code. A failed check leaves the code usable; only a success (or a reuse) consumes it. */
  exchangeCode(body: Record<string, unknown>): TokenResponse {
    requireClient(body);
    const code = requireString(body, 'code');
    const redirectUri = requireString(body, 'redirect_uri');
    const codeVerifier = requireString(body, 'code_verifier');
    const state = requireString(body, 'state');
    const longLivedSeconds = optionalLifetime(body);

    const issued = this.codes.get(code);
    if (!issued) {
      throw invalidGrant('The authorization code is unknown.');
    }
    if (issued.used) {
      // Like real servers: a replayed code may be stolen, so everything it produced dies.
      this.revokeFamily(issued.family);
      throw invalidGrant('The authorization code was already used.');
    }
    if (this.settings.now() >= issued.expiresAt) {
      throw invalidGrant('The authorization code has expired.');
    }
    if (redirectUri !== issued.request.redirectUri) {
      throw invalidGrant(`redirect_uri "${redirectUri}" differs from the authorize request's "${issued.request.redirectUri}".`);
    }
    if (pkceChallenge(codeVerifier) !== issued.request.codeChallenge) {
      throw invalidGrant('code_verifier does not match the code_challenge.');
    }
    if (state !== issued.request.state) {
      throw invalidGrant('state differs from the authorize request\'s state.');
    }
    issued.used = true;
    if (longLivedSeconds !== undefined) {
      // `claude setup-token`: one long-lived access token, nothing to refresh it with.
      return this.issue(issued.family, issued.request.scopes, longLivedSeconds, false);
    }
    return this.issue(issued.family, issued.request.scopes, this.settings.accessTokenLifetimeSeconds, true);
  }

  /** grant_type=refresh_token. Rotates: the refresh token used dies, a new one is issued. */
  refresh(body: Record<string, unknown>): TokenResponse {
    requireClient(body, this.settings.otherClientIds);
    const refreshToken = requireString(body, 'refresh_token');
    const record = this.refreshTokens.get(refreshToken);
    if (!record || !record.live) {
      throw invalidGrant('The refresh token is unknown, already used, or revoked.');
    }
    if (record.expiresAt !== undefined && this.settings.now() >= record.expiresAt) {
      // Anthropic's own words: Claude Code 2.1.332 matches this exact description to record `loginEnded: "time_limit"`.
      throw invalidGrant('Refresh token expired');
    }
    let scopes = record.scopes;
    if (body.scope !== undefined) {
      if (typeof body.scope !== 'string') {
        throw new ProviderError('invalid_request', 'scope must be a space-separated string.');
      }
      const requested = body.scope.split(' ').filter(Boolean);
      const extra = requested.filter((scope) => !record.scopes.includes(scope));
      if (extra.length > 0) {
        throw new ProviderError('invalid_scope', `Not granted originally: ${extra.join(' ')}.`);
      }
      scopes = requested.length > 0 ? requested : record.scopes;
    }
    record.live = false;
    return this.issue(record.family, scopes, this.settings.accessTokenLifetimeSeconds, true, record.scopes);
  }

  /** The record of a bearer token if it is live (issued, unexpired, unrevoked). */
  liveAccessToken(token: string): AccessTokenRecord | undefined {
    const record = this.accessTokens.get(token);
    return record && !record.revoked && this.settings.now() < record.expiresAt ? record : undefined;
  }

  isRefreshTokenLive(token: string): boolean {
    const record = this.refreshTokens.get(token);
    return !!record && record.live && (record.expiresAt === undefined || this.settings.now() < record.expiresAt);
  }

  liveRefreshTokens(): string[] {
    return [...this.refreshTokens.keys()].filter((token) => this.isRefreshTokenLive(token));
  }

  /** Returns whether the token was live. */
  revokeRefreshToken(token: string): boolean {
    const wasLive = this.isRefreshTokenLive(token);
    const record = this.refreshTokens.get(token);
    if (record) {
      record.live = false;
    }
    return wasLive;
  }

  /** Signs the account out everywhere: every access and refresh token dies, and unexchanged codes too. */
  revokeAll(): void {
    for (const record of this.refreshTokens.values()) record.live = false;
    for (const record of this.accessTokens.values()) record.revoked = true;
    for (const code of this.codes.values()) code.used = true;
  }

  private revokeFamily(family: string): void {
    for (const record of this.refreshTokens.values()) if (record.family === family) record.live = false;
    for (const record of this.accessTokens.values()) if (record.family === family) record.revoked = true;
  }

  private issue(
    family: string,
    scopes: readonly string[],
    lifetimeSeconds: number,
    withRefreshToken: boolean,
    refreshScopes: readonly string[] = scopes,
  ): TokenResponse {
    const now = this.settings.now();
    const accessToken = newToken('oat01', this.settings.opaqueTokens);
    this.accessTokens.set(accessToken, { scopes, expiresAt: now + lifetimeSeconds * 1000, family, revoked: false });
    this.issuedAccessTokens.push(accessToken);

    const { account, organization } = this.settings;
    const response: TokenResponse = {
      token_type: 'Bearer',
      access_token: accessToken,
      expires_in: lifetimeSeconds,
      scope: scopes.join(' '),
      account: { uuid: account.uuid, email_address: account.email },
      organization: { uuid: organization.uuid, name: organization.name },
    };
    if (withRefreshToken) {
      const refreshToken = newToken('ort01', this.settings.opaqueTokens);
      const refreshLifetime = this.settings.refreshTokenLifetimeSeconds;
      this.refreshTokens.set(refreshToken, {
        scopes: refreshScopes,
        expiresAt: refreshLifetime === undefined ? undefined : now + refreshLifetime * 1000,
        family,
        live: true,
      });
      this.issuedRefreshTokens.push(refreshToken);
      response.refresh_token = refreshToken;
      if (refreshLifetime !== undefined) {
        response.refresh_token_expires_in = refreshLifetime;
      }
    }
    return response;
  }
}

export function pkceChallenge(codeVerifier: string): string {
  return createHash('sha256').update(codeVerifier).digest('base64url');
}

function newToken(kind: 'oat01' | 'ort01', opaque: boolean): string {
  return opaque ? randomBytes(24).toString('hex') : `sk-ant-${kind}-${randomBytes(48).toString('base64url')}`;
}

function invalidGrant(description: string): ProviderError {
  return new ProviderError('invalid_grant', description);
}

function requireClient(body: Record<string, unknown>, otherClientIds: readonly string[] = []): void {
  const clientId = requireString(body, 'client_id');
  if (clientId !== CLIENT_ID && !otherClientIds.includes(clientId)) {
    throw new ProviderError('invalid_client', `client_id "${clientId}" is not Claude Code's client.`);
  }
}

function requireString(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value !== 'string' || value === '') {
    throw new ProviderError('invalid_request', `${name} is missing or not a string.`);
  }
  return value;
}

/** `expires_in` in a code exchange asks for a long-lived token (`claude setup-token` sends 31536000). */
function optionalLifetime(body: Record<string, unknown>): number | undefined {
  const value = body.expires_in;
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new ProviderError('invalid_request', 'expires_in must be a positive whole number of seconds.');
  }
  return value;
}
