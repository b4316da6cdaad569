// Every fact about Anthropic's OAuth service that we depend on lives here, and nowhere else.
// Source: ../shared/research/claude-code-auth.md (observed from the Claude Code CLI, not a published API).

export const CLIENT_ID = '9d1c250a-e61b-44d9-88ed-5944d1962f5e';

/**
 * Scopes of `claude auth login` for a claude.ai login, in the CLI's order (Claude Code 2.1.332; 2.1.112 asked for the
 * first six). The CLI drops `user:plugins`, `user:privacy_consents:write` and `org:desktop_config` only when its own
 * `CLAUDE_CODE_CUSTOM_OAUTH_URL` / `CLAUDE_CODE_OAUTH_CLIENT_ID` point it at a staging or FedStart service that does not
 * register them. Our {@link OAUTH_URL_OVERRIDE_ENV} is not that switch: it points at a test server or a gateway
 * standing in for Anthropic's production service, and the tokens land with a CLI that refreshes them with the
 * production list — so we ask for all nine there too.
 */
export const LOGIN_SCOPES = [
  'org:create_api_key',
  'user:profile',
  'user:inference',
  'user:sessions:claude_code',
  'user:mcp_servers',
  'user:file_upload',
  'user:plugins',
  'user:privacy_consents:write',
  'org:desktop_config',
] as const;

/**
 * What the CLI asks for when it refreshes a login without a `clientId` (Claude Code 2.1.332): this list, then those of
 * {@link REFRESH_SCOPES_KEPT_IF_HELD} the login already holds. Never `org:create_api_key` or `org:desktop_config`.
 */
export const REFRESH_SCOPES = [
  'user:profile',
  'user:inference',
  'user:sessions:claude_code',
  'user:mcp_servers',
  'user:file_upload',
  'user:plugins',
] as const;
/** Asked for again on a refresh only when the login already holds them, in this order (Claude Code 2.1.332). */
export const REFRESH_SCOPES_KEPT_IF_HELD = ['user:projects:read', 'user:projects:write', 'user:privacy_consents:write'] as const;

/**
 * The token endpoint's `error_description` for a login that reached its time limit (Claude Code 2.1.332 matches it
 * exactly and records `loginEnded: "time_limit"`); any other `invalid_grant` is a used or revoked refresh token.
 */
export const LOGIN_TIME_LIMIT_DESCRIPTION = 'Refresh token expired';
/** `error_description` of an account on hold (with `invalid_grant` or `access_denied`, HTTP 400/401/403; 2.1.332). */
export const ACCOUNT_ON_HOLD_DESCRIPTION = 'account_on_hold';
/** Where the CLI sends an account on hold when the server names no acceptable page (2.1.332). */
export const ACCOUNT_ON_HOLD_DEFAULT_URL = 'https://claude.ai/restricted';

/**
 * The CLI's rule for the appeal page a server may name (2.1.332): https on claude.ai or anthropic.com (or a
 * subdomain), no port, no user info, no fragment, at most 2048 characters; anything else → the default page.
 */
export function accountOnHoldUrl(errorUri: string | undefined): string {
  if (!errorUri || errorUri.length > 2048) return ACCOUNT_ON_HOLD_DEFAULT_URL;
  let url: URL;
  try {
    url = new URL(errorUri);
  } catch {
    return ACCOUNT_ON_HOLD_DEFAULT_URL;
  }
  const host = url.hostname.toLowerCase();
  const ours = ['claude.ai', 'anthropic.com'].some((domain) => host === domain || host.endsWith(`.${domain}`));
  const plain = url.protocol === 'https:' && !url.port && !url.username && !url.password && !url.hash && !errorUri.includes('#');
  return ours && plain ? url.toString() : ACCOUNT_ON_HOLD_DEFAULT_URL;
}

/** Scope of the long-lived token `claude setup-token` issues. */
export const LONG_LIVED_SCOPES = ['user:inference'] as const;
/** Lifetime requested for a long-lived token, in seconds (one year). */
export const LONG_LIVED_EXPIRES_IN_SECONDS = 31_536_000;

/** Without `user:inference` the CLI treats a login as signed out. */
export const REQUIRED_SCOPE = 'user:inference';

/**
 * A new sign-in whose answer carries no `refresh_token_expires_in` gets `refreshTokenExpiresAt` = now + 30 days, as
 * the CLI's sign-in writes it (2.1.332); a refresh never extends it.
 */
export const ASSUMED_REFRESH_TOKEN_LIFETIME_MS = 30 * 24 * 3_600_000;

/** Anthropic accepts only this shape of loopback redirect: `http://localhost:<any port>/callback`. */
export const LOOPBACK_CALLBACK_PATH = '/callback';

/**
 * Optional authorize parameters, appended after `state` in this order, each only when set (Claude Code 2.1.332's
 * authorize URL; docs/claude-code-facts.md): the organization to sign in to (the CLI passes managed settings'
 * `forceLoginOrgUUID` when it is a single UUID), an e-mail the sign-in page fills in (`claude auth login
 * --email`), and how to sign in (`claude auth login --sso` sends `sso`).
 */
export const AUTHORIZE_OPTIONAL_PARAMS = { organizationUuid: 'orgUUID', loginHint: 'login_hint', loginMethod: 'login_method' } as const;
/** `login_method` for single sign-on (Team and Enterprise). */
export const SSO_LOGIN_METHOD = 'sso';

/** Environment variable of the extension host that points us at another OAuth server (tests, gateways). */
export const OAUTH_URL_OVERRIDE_ENV = 'CLAUDE_REMOTE_SIGNIN_OAUTH_URL';

export interface OAuthEndpoints {
  /** Authorize page for a claude.ai subscription login. */
  readonly authorizeUrl: string;
  readonly tokenUrl: string;
  /** Where the paste flow sends the browser; the page shows `CODE#STATE`. */
  readonly manualRedirectUrl: string;
  /** Where the browser goes after a loopback callback succeeded. */
  readonly successUrl: string;
  readonly profileUrl: string;
  /** True when these came from {@link OAUTH_URL_OVERRIDE_ENV}, not Anthropic. */
  readonly overridden: boolean;
  /**
   * Whether the server accepts any redirect address (a custom server) or only
   * `http://localhost:<port>/callback` (Anthropic).
   */
  readonly acceptsAnyRedirect: boolean;
}

export const ANTHROPIC_ENDPOINTS: OAuthEndpoints = Object.freeze({
  authorizeUrl: 'https://claude.com/cai/oauth/authorize',
  tokenUrl: 'https://platform.claude.com/v1/oauth/token',
  manualRedirectUrl: 'https://platform.claude.com/oauth/code/callback',
  successUrl: 'https://platform.claude.com/oauth/code/success?app=claude-code',
  profileUrl: 'https://api.anthropic.com/api/oauth/profile',
  overridden: false,
  acceptsAnyRedirect: false,
});

/** Why an OAuth server address is refused. Never carries the address's user info. */
export class InvalidOAuthServerError extends Error {
  override readonly name = 'InvalidOAuthServerError';
}

/**
 * Claude Code's own custom-URL layout, rooted at one origin. Only `https:`, or plain `http:` to this machine's
 * loopback (a local test or gateway), may receive tokens: anything else would send them in the clear.
 */
export function endpointsAt(origin: string): OAuthEndpoints {
  let base: URL;
  try {
    base = new URL(origin);
  } catch {
    throw new InvalidOAuthServerError(`${OAUTH_URL_OVERRIDE_ENV} is not a URL.`);
  }
  if (base.protocol !== 'https:' && !(base.protocol === 'http:' && isLoopbackHost(base.hostname))) {
    throw new InvalidOAuthServerError(`${OAUTH_URL_OVERRIDE_ENV} must be an https:// address, or http:// to a loopback address (127.0.0.1, [::1], localhost).`);
  }
  const root = base.origin;
  return Object.freeze({
    authorizeUrl: `${root}/oauth/authorize`,
    tokenUrl: `${root}/v1/oauth/token`,
    manualRedirectUrl: `${root}/oauth/code/callback`,
    successUrl: `${root}/oauth/code/success?app=claude-code`,
    profileUrl: `${root}/api/oauth/profile`,
    overridden: true,
    acceptsAnyRedirect: true,
  });
}

/**
 * The endpoints in force for this process. Only the extension host's environment can move them: no setting (least
 * of all a workspace setting) decides where tokens are sent. An unusable override is ignored — sign-in stays with
 * Anthropic — and `ignoredOverride` says why; activation and the diagnosis both come through here.
 */
export function endpointsInForce(env: NodeJS.ProcessEnv = process.env): {
  readonly endpoints: OAuthEndpoints;
  readonly ignoredOverride?: InvalidOAuthServerError;
} {
  const override = env[OAUTH_URL_OVERRIDE_ENV]?.trim();
  if (!override) return { endpoints: ANTHROPIC_ENDPOINTS };
  try {
    return { endpoints: endpointsAt(override) };
  } catch (error) {
    if (!(error instanceof InvalidOAuthServerError)) throw error;
    return { endpoints: ANTHROPIC_ENDPOINTS, ignoredOverride: error };
  }
}

/** 127.0.0.0/8, ::1 and localhost: addresses that never leave this machine. */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** `organization_type` from the profile → the CLI's `subscriptionType`. */
export const SUBSCRIPTION_TYPES: Readonly<Record<string, string>> = Object.freeze({
  claude_max: 'max',
  claude_pro: 'pro',
  claude_team: 'team',
  claude_enterprise: 'enterprise',
});
