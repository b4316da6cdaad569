// The test provider's public types: what a test configures and what it can observe.

export interface TestAccount {
  readonly uuid: string;
  readonly email: string;
  readonly displayName: string;
}

export interface TestOrganization {
  readonly uuid: string;
  readonly name: string;
  /** `claude_max | claude_pro | claude_team | claude_enterprise`. */
  readonly organizationType: string;
  readonly rateLimitTier: string;
}

export interface TestProviderOptions {
  /** Default '127.0.0.1'; the e2e tests use '127.0.0.2'. */
  readonly host?: string;
  /** Default 0 (any free port). */
  readonly port?: number;
  /** Serve https with this key pair instead of http. */
  readonly tls?: { readonly key: string | Buffer; readonly cert: string | Buffer };
  /** Lifetime of a normal access token. Default 28800 (8 h). */
  readonly accessTokenLifetimeSeconds?: number;
  /** When set, refresh tokens expire after this long and responses carry `refresh_token_expires_in`. */
  readonly refreshTokenLifetimeSeconds?: number;
  /** How long an authorization code can be exchanged. Default 300 (5 min). */
  readonly codeLifetimeSeconds?: number;
  /**
   * True: accept only `http://localhost:<port>/callback` and the manual callback, like Anthropic.
   * False (default): accept any http(s) redirect, like a custom server.
   */
  readonly strictRedirects?: boolean;
  readonly account?: Partial<TestAccount>;
  readonly organization?: Partial<TestOrganization>;
  /** The provider's clock in epoch ms (default `Date.now`); move it to expire codes and tokens. */
  readonly now?: () => number;
  /** Issue tokens of no recognisable shape (a custom server's), instead of `sk-ant-oat01-…` / `sk-ant-ort01-…`. */
  readonly opaqueTokens?: boolean;
  /** Client ids besides Claude Code's that the refresh grant accepts (a login made by a special client). */
  readonly otherClientIds?: readonly string[];
}

export type FaultEndpoint = 'token' | 'profile';

/** One misbehaviour of the token or profile endpoint, used for the next matching request. */
export type Fault =
  /** Answer with this status and an error body (429 adds `Retry-After` when given). */
  | { readonly status: number; readonly retryAfterSeconds?: number }
  /** Accept the request and never answer, until `close()`. */
  | { readonly hang: true }
  /** Wait, then answer normally. */
  | { readonly delayMs: number }
  /** Wait until this promise settles (the test says when), then answer normally. */
  | { readonly until: Promise<unknown> }
  /** 200 with a body that is not JSON. */
  | { readonly malformedJson: true }
  /** 200 with valid JSON that lacks the expected fields (no `access_token`, no `account`). */
  | { readonly wrongShape: true }
  /** This status with an `error_description` that echoes the whole request body (code, verifier, state, tokens). */
  | { readonly status: number; readonly echoRequestBody: true }
  /** This status with exactly this JSON body (e.g. `account_on_hold` with an `error_uri`). */
  | { readonly status: number; readonly body: unknown };

export interface RecordedRequest {
  readonly method: string;
  /** The path without the query, e.g. `/v1/oauth/token`. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Lower-case names; `authorization` is left out (see `hadAuthorization`). */
  readonly headers: Readonly<Record<string, string>>;
  readonly hadAuthorization: boolean;
  readonly rawBody: string;
  /** The body parsed as JSON, whatever the Content-Type said (check `headers['content-type']`); undefined if not JSON. */
  readonly body: unknown;
}

/** Token endpoint calls so far, by `grant_type` (`unknown` when none could be read). */
export type TokenCallCounts = { authorization_code: number; refresh_token: number } & Record<string, number>;

export interface ConsentResult {
  readonly code: string;
  readonly state: string;
  /** The full URL the browser would be sent to. */
  readonly redirect: string;
}

export interface DenialResult {
  readonly error: string;
  readonly errorDescription: string;
  readonly state: string;
  readonly redirect: string;
}
