// A local OAuth server that behaves like Anthropic's, for unit and e2e tests: PKCE authorize with a
// consent page, JSON-only token endpoint with single-use codes and rotating refresh tokens, the
// profile endpoint, and scripted faults. Also runnable on its own:
//   node out/test/support/oauthProvider.js --host 127.0.0.2 --port 0   → prints {"origin": …}
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseArgs } from 'node:util';
import { endpointsAt, type OAuthEndpoints } from '../../src/oauth/endpoints.js';
import { AuthorizeProblem, parseAuthorizeRequest, type RedirectRules } from './oauthProvider/authorizeRequest.js';
import { FaultQueue, playFault } from './oauthProvider/faults.js';
import { GrantStore, ProviderError, type TokenResponse } from './oauthProvider/grants.js';
import {
  BodyTooLarge,
  isJsonContentType,
  readBody,
  recordRequest,
  redirect,
  sendHtml,
  sendJson,
  serve,
  type RunningServer,
} from './oauthProvider/http.js';
import { consentPage, deniedPage, errorPage, manualCodePage, successPage } from './oauthProvider/pages.js';
import type {
  ConsentResult,
  DenialResult,
  Fault,
  FaultEndpoint,
  RecordedRequest,
  TestAccount,
  TestOrganization,
  TestProviderOptions,
  TokenCallCounts,
} from './oauthProvider/types.js';

export { pkceChallenge } from './oauthProvider/grants.js';
export { startMessagesStub, type MessagesStub } from './oauthProvider/messagesStub.js';
export type * from './oauthProvider/types.js';

export interface TestProvider {
  /** e.g. `http://127.0.0.2:41234`. */
  readonly origin: string;
  /** Claude Code's custom-URL layout at `origin`; `acceptsAnyRedirect` mirrors `strictRedirects`. */
  readonly endpoints: OAuthEndpoints;
  readonly account: TestAccount;
  readonly organization: TestOrganization;

  /** Every HTTP request, in order. */
  readonly requests: readonly RecordedRequest[];
  readonly tokenCalls: Readonly<TokenCallCounts>;
  readonly issuedAccessTokens: readonly string[];
  readonly issuedRefreshTokens: readonly string[];
  /** The raw query of every authorize request (browser or `approve`/`deny`), valid or not. */
  readonly authorizeRequests: readonly Readonly<Record<string, string>>[];
  readonly lastAuthorizeParams: Readonly<Record<string, string>> | undefined;
  readonly successPageVisits: number;

  /** Consents to an authorize URL without a browser. Rejects with the problem if the URL is invalid. */
  approve(authorizeUrl: string): Promise<ConsentResult>;
  /** Refuses an authorize URL without a browser. */
  deny(authorizeUrl: string): Promise<DenialResult>;

  /** The next `count` requests to this endpoint misbehave as `fault`. */
  failNext(endpoint: FaultEndpoint, fault: Fault, count?: number): void;

  isRefreshTokenLive(token: string): boolean;
  liveRefreshTokens(): string[];
  isAccessTokenLive(token: string): boolean;
  /** Returns whether the token was live. */
  revokeRefreshToken(token: string): boolean;
  /** Every token and unexchanged code dies. */
  revokeAll(): void;

  close(): Promise<void>;
}

const DEFAULT_ACCOUNT: TestAccount = {
  uuid: '5b0a4c3e-7d1f-4e2a-9c6b-1f0e2d3c4b5a',
  email: 'dev@example.com',
  displayName: 'Dev Example',
};

const DEFAULT_ORGANIZATION: TestOrganization = {
  uuid: 'c2e8f1a4-3b5d-4c7e-8f9a-0b1c2d3e4f5a',
  name: 'Example Org',
  organizationType: 'claude_max',
  rateLimitTier: 'default_claude_max_20x',
};

/** Route paths come from endpoints.ts, so the provider follows any change to the layout. */
const PATHS = (() => {
  const endpoints = endpointsAt('https://provider.invalid');
  const path = (url: string) => new URL(url).pathname;
  return {
    authorize: path(endpoints.authorizeUrl),
    decision: `${path(endpoints.authorizeUrl)}/decision`,
    token: path(endpoints.tokenUrl),
    manualCallback: path(endpoints.manualRedirectUrl),
    success: path(endpoints.successUrl),
    profile: path(endpoints.profileUrl),
  };
})();

export async function startTestProvider(options: TestProviderOptions = {}): Promise<TestProvider> {
  const provider = new OAuthTestProvider(options);
  await provider.listen(options);
  return provider;
}

interface RouteContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly request: RecordedRequest;
}

class OAuthTestProvider implements TestProvider {
  readonly account: TestAccount;
  readonly organization: TestOrganization;
  readonly requests: RecordedRequest[] = [];
  readonly tokenCalls: TokenCallCounts = { authorization_code: 0, refresh_token: 0 };
  readonly authorizeRequests: Record<string, string>[] = [];
  successPageVisits = 0;

  private readonly strictRedirects: boolean;
  private readonly grants: GrantStore;
  private readonly faults = new FaultQueue();
  private readonly closing = new AbortController();
  private server: RunningServer | undefined;
  private readonly routes = new Map<string, (context: RouteContext) => void | Promise<void>>([
    [`GET ${PATHS.authorize}`, (context) => this.showConsent(context)],
    [`POST ${PATHS.decision}`, (context) => this.takeDecision(context)],
    [`GET ${PATHS.manualCallback}`, (context) => this.showManualCode(context)],
    [`GET ${PATHS.success}`, (context) => this.showSuccess(context)],
    [`POST ${PATHS.token}`, (context) => this.token(context)],
    [`GET ${PATHS.profile}`, (context) => this.profile(context)],
  ]);

  constructor(options: TestProviderOptions) {
    this.account = { ...DEFAULT_ACCOUNT, ...options.account };
    this.organization = { ...DEFAULT_ORGANIZATION, ...options.organization };
    this.strictRedirects = options.strictRedirects ?? false;
    this.grants = new GrantStore({
      accessTokenLifetimeSeconds: options.accessTokenLifetimeSeconds ?? 28_800,
      refreshTokenLifetimeSeconds: options.refreshTokenLifetimeSeconds,
      codeLifetimeSeconds: options.codeLifetimeSeconds ?? 300,
      account: this.account,
      organization: this.organization,
      now: options.now ?? Date.now,
      opaqueTokens: options.opaqueTokens ?? false,
      otherClientIds: options.otherClientIds ?? [],
    });
  }

  async listen(options: TestProviderOptions): Promise<void> {
    this.server = await serve((req, res) => this.handle(req, res), {
      host: options.host ?? '127.0.0.1',
      port: options.port ?? 0,
      tls: options.tls,
    });
  }

  get origin(): string {
    if (!this.server) throw new Error('The test provider is not listening.');
    return this.server.origin;
  }

  get endpoints(): OAuthEndpoints {
    return { ...endpointsAt(this.origin), acceptsAnyRedirect: !this.strictRedirects };
  }

  get issuedAccessTokens(): readonly string[] {
    return this.grants.issuedAccessTokens;
  }

  get issuedRefreshTokens(): readonly string[] {
    return this.grants.issuedRefreshTokens;
  }

  get lastAuthorizeParams(): Readonly<Record<string, string>> | undefined {
    return this.authorizeRequests.at(-1);
  }

  async approve(authorizeUrl: string): Promise<ConsentResult> {
    const location = new URL(this.decideWithoutBrowser(authorizeUrl, true));
    return {
      code: location.searchParams.get('code') ?? '',
      state: location.searchParams.get('state') ?? '',
      redirect: location.href,
    };
  }

  async deny(authorizeUrl: string): Promise<DenialResult> {
    const location = new URL(this.decideWithoutBrowser(authorizeUrl, false));
    return {
      error: location.searchParams.get('error') ?? '',
      errorDescription: location.searchParams.get('error_description') ?? '',
      state: location.searchParams.get('state') ?? '',
      redirect: location.href,
    };
  }

  failNext(endpoint: FaultEndpoint, fault: Fault, count = 1): void {
    this.faults.add(endpoint, fault, count);
  }

  isRefreshTokenLive(token: string): boolean {
    return this.grants.isRefreshTokenLive(token);
  }

  liveRefreshTokens(): string[] {
    return this.grants.liveRefreshTokens();
  }

  isAccessTokenLive(token: string): boolean {
    return this.grants.liveAccessToken(token) !== undefined;
  }

  revokeRefreshToken(token: string): boolean {
    return this.grants.revokeRefreshToken(token);
  }

  revokeAll(): void {
    this.grants.revokeAll();
  }

  async close(): Promise<void> {
    this.closing.abort();
    await this.server?.close();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', this.origin);
      const request = recordRequest(req, url, await readBody(req));
      this.requests.push(request);
      const route = this.routes.get(`${request.method} ${request.path}`);
      if (!route) {
        sendJson(res, 404, { error: 'not_found', error_description: `No route for ${request.method} ${request.path}` });
        return;
      }
      await route({ req, res, url, request });
    } catch (error) {
      if (this.closing.signal.aborted || res.headersSent) {
        return;
      }
      if (error instanceof BodyTooLarge) {
        sendJson(res, 413, { error: 'invalid_request', error_description: 'The body is too large.' });
        return;
      }
      sendJson(res, 500, { error: 'server_error', error_description: String(error) });
    }
  }

  private redirectRules(): RedirectRules {
    return { manualRedirectUrl: this.endpoints.manualRedirectUrl, strictRedirects: this.strictRedirects };
  }

  /** The same checks and the same code as the consent page, minus the browser. */
  private decideWithoutBrowser(authorizeUrl: string, approved: boolean): string {
    const url = new URL(authorizeUrl);
    if (`${url.origin}${url.pathname}` !== this.endpoints.authorizeUrl) {
      throw new Error(`Not this provider's authorize URL (${this.endpoints.authorizeUrl}): ${authorizeUrl}`);
    }
    this.authorizeRequests.push(Object.fromEntries(url.searchParams));
    const request = parseAuthorizeRequest(url.searchParams, this.redirectRules());
    const location = this.grants.decide(this.grants.holdConsent(request), approved);
    if (!location) throw new Error('unreachable: a consent just held was not found');
    return location;
  }

  // GET /oauth/authorize
  private showConsent({ res, url }: RouteContext): void {
    this.authorizeRequests.push(Object.fromEntries(url.searchParams));
    try {
      const request = parseAuthorizeRequest(url.searchParams, this.redirectRules());
      sendHtml(
        res,
        200,
        consentPage({
          consentId: this.grants.holdConsent(request),
          decisionPath: PATHS.decision,
          scopes: request.scopes,
          email: this.account.email,
          redirectUri: request.redirectUri,
        }),
      );
    } catch (error) {
      if (!(error instanceof AuthorizeProblem)) throw error;
      sendHtml(res, 400, errorPage('Invalid authorization request', error.message));
    }
  }

  // POST /oauth/authorize/decision (the consent form)
  private takeDecision({ res, request }: RouteContext): void {
    const form = new URLSearchParams(request.rawBody);
    const decision = form.get('decision');
    if (decision !== 'authorize' && decision !== 'deny') {
      sendHtml(res, 400, errorPage('Invalid decision', 'decision must be "authorize" or "deny".'));
      return;
    }
    const location = this.grants.decide(form.get('consent_id') ?? '', decision === 'authorize');
    if (!location) {
      sendHtml(res, 400, errorPage('Unknown sign-in request', 'This sign-in request is unknown or was already answered.'));
      return;
    }
    redirect(res, location);
  }

  // GET /oauth/code/callback: where the paste flow's browser lands.
  private showManualCode({ res, url }: RouteContext): void {
    const error = url.searchParams.get('error');
    if (error) {
      sendHtml(res, 200, deniedPage(error, url.searchParams.get('error_description') ?? ''));
      return;
    }
    const code = url.searchParams.get('code');
    const state = url.searchParams.get('state');
    if (!code || !state) {
      sendHtml(res, 400, errorPage('Missing code', 'This page needs both code and state.'));
      return;
    }
    sendHtml(res, 200, manualCodePage(code, state));
  }

  // GET /oauth/code/success
  private showSuccess({ res }: RouteContext): void {
    this.successPageVisits++;
    sendHtml(res, 200, successPage());
  }

  // POST /v1/oauth/token
  private async token({ res, request }: RouteContext): Promise<void> {
    const grantType = grantTypeOf(request);
    this.tokenCalls[grantType] = (this.tokenCalls[grantType] ?? 0) + 1;
    if (await this.playFault('token', res, request.rawBody)) {
      return;
    }
    if (!isJsonContentType(request.headers['content-type'])) {
      sendJson(res, 400, { error: 'invalid_request', error_description: 'Content-Type must be application/json.' });
      return;
    }
    if (!isJsonObject(request.body)) {
      sendJson(res, 400, { error: 'invalid_request', error_description: 'The body is not a JSON object.' });
      return;
    }
    let response: TokenResponse;
    try {
      response = this.grant(request.body);
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      sendJson(res, error.status, error.toJSON());
      return;
    }
    sendJson(res, 200, response);
  }

  private grant(body: Record<string, unknown>): TokenResponse {
    switch (body.grant_type) {
      case 'authorization_code':
        return this.grants.exchangeCode(body);
      case 'refresh_token':
        return this.grants.refresh(body);
      case undefined:
        throw new ProviderError('invalid_request', 'grant_type is missing.');
      default:
        throw new ProviderError('unsupported_grant_type', `grant_type "${String(body.grant_type)}" is not supported.`);
    }
  }

  // GET /api/oauth/profile
  private async profile({ req, res }: RouteContext): Promise<void> {
    if (await this.playFault('profile', res)) {
      return;
    }
    const bearer = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer === undefined ? undefined : this.grants.liveAccessToken(bearer);
    if (!token) {
      const message = bearer === undefined ? 'Missing bearer token.' : 'Invalid or expired OAuth token.';
      sendJson(res, 401, { type: 'error', error: { type: 'authentication_error', message } });
      return;
    }
    if (!token.scopes.includes('user:profile')) {
      // A `claude setup-token` token has only user:inference.
      const message = 'This token lacks the user:profile scope.';
      sendJson(res, 403, { type: 'error', error: { type: 'permission_error', message } });
      return;
    }
    const { account, organization } = this;
    sendJson(res, 200, {
      account: { uuid: account.uuid, email: account.email, display_name: account.displayName },
      organization: {
        uuid: organization.uuid,
        name: organization.name,
        organization_type: organization.organizationType,
        rate_limit_tier: organization.rateLimitTier,
      },
    });
  }

  /** True when a queued fault answered the request (or never will). */
  private async playFault(endpoint: FaultEndpoint, res: ServerResponse, requestBody?: string): Promise<boolean> {
    const fault = this.faults.take(endpoint);
    return fault ? playFault(fault, endpoint, res, this.closing.signal, requestBody) : false;
  }
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Counted whatever the encoding, so a test can see a form-encoded attempt too. */
function grantTypeOf(request: RecordedRequest): string {
  if (isJsonObject(request.body) && typeof request.body.grant_type === 'string') {
    return request.body.grant_type;
  }
  return new URLSearchParams(request.rawBody).get('grant_type') ?? 'unknown';
}

async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '0' },
      'strict-redirects': { type: 'boolean', default: false },
      'access-token-lifetime': { type: 'string' },
      'refresh-token-lifetime': { type: 'string' },
      'tls-key': { type: 'string' },
      'tls-cert': { type: 'string' },
    },
  });
  const seconds = (value: string | undefined) => (value === undefined ? undefined : Number(value));
  const tlsKey = values['tls-key'];
  const tlsCert = values['tls-cert'];
  const provider = await startTestProvider({
    host: values.host,
    port: Number(values.port),
    strictRedirects: values['strict-redirects'],
    accessTokenLifetimeSeconds: seconds(values['access-token-lifetime']),
    refreshTokenLifetimeSeconds: seconds(values['refresh-token-lifetime']),
    tls: tlsKey && tlsCert ? { key: readFileSync(tlsKey), cert: readFileSync(tlsCert) } : undefined,
  });
  process.stdout.write(`${JSON.stringify({ origin: provider.origin })}\n`);
  const stop = () => void provider.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
