// Validation of GET /oauth/authorize, as strict as Anthropic's server.
import { CLIENT_ID, LOOPBACK_CALLBACK_PATH } from '../../../src/oauth/endpoints.js';

/** A validated authorize request, remembered until its code is exchanged. */
export interface AuthorizeRequest {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  readonly codeChallenge: string;
  readonly state: string;
  readonly loginHint?: string;
}

export interface RedirectRules {
  /** `<origin>/oauth/code/callback`, always allowed. */
  readonly manualRedirectUrl: string;
  readonly strictRedirects: boolean;
}

/** Why an authorize request was refused; the message is shown on the 400 page. */
export class AuthorizeProblem extends Error {}

/** base64url(sha256(verifier)) is always 43 characters. */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

export function parseAuthorizeRequest(query: URLSearchParams, rules: RedirectRules): AuthorizeRequest {
  const clientId = required(query, 'client_id');
  if (clientId !== CLIENT_ID) {
    throw new AuthorizeProblem(`client_id "${clientId}" is not Claude Code's client (${CLIENT_ID}).`);
  }
  const redirectUri = required(query, 'redirect_uri');
  const redirectProblem = redirectUriProblem(redirectUri, rules);
  if (redirectProblem) {
    throw new AuthorizeProblem(`redirect_uri "${redirectUri}" is not allowed: ${redirectProblem}`);
  }
  const responseType = required(query, 'response_type');
  if (responseType !== 'code') {
    throw new AuthorizeProblem(`response_type must be "code", not "${responseType}".`);
  }
  const method = required(query, 'code_challenge_method');
  if (method !== 'S256') {
    throw new AuthorizeProblem(`code_challenge_method must be "S256", not "${method}".`);
  }
  const codeChallenge = required(query, 'code_challenge');
  if (!S256_CHALLENGE.test(codeChallenge)) {
    throw new AuthorizeProblem('code_challenge must be base64url(sha256(code_verifier)): 43 characters, no padding.');
  }
  const state = required(query, 'state');
  const scopes = required(query, 'scope').split(' ').filter(Boolean);
  if (scopes.length === 0) {
    throw new AuthorizeProblem('scope is empty.');
  }
  const loginHint = query.get('login_hint') || undefined;
  return { clientId, redirectUri, scopes, codeChallenge, state, loginHint };
}

/** Undefined when allowed, else the reason. */
export function redirectUriProblem(redirectUri: string, rules: RedirectRules): string | undefined {
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    return 'it is not an absolute URL.';
  }
  if (redirectUri === rules.manualRedirectUrl) {
    return undefined;
  }
  if (!rules.strictRedirects) {
    return url.protocol === 'http:' || url.protocol === 'https:' ? undefined : 'only http(s) redirects are accepted.';
  }
  const isLoopback =
    url.protocol === 'http:' &&
    url.hostname === 'localhost' &&
    url.port !== '' &&
    url.pathname === LOOPBACK_CALLBACK_PATH &&
    url.search === '' &&
    url.hash === '' &&
    url.username === '' &&
    redirectUri === `http://localhost:${url.port}${LOOPBACK_CALLBACK_PATH}`;
  return isLoopback
    ? undefined
    : `this server accepts only http://localhost:<port>${LOOPBACK_CALLBACK_PATH} or ${rules.manualRedirectUrl}.`;
}

function required(query: URLSearchParams, name: string): string {
  const value = query.get(name);
  if (!value) {
    throw new AuthorizeProblem(`${name} is missing.`);
  }
  return value;
}
