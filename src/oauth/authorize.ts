// The authorize URL, with its query in exactly the order Claude Code sends it.
import { AUTHORIZE_OPTIONAL_PARAMS, CLIENT_ID, LOGIN_SCOPES, type OAuthEndpoints } from './endpoints';

/** What the sign-in page may be told about the account; all optional (Team and Enterprise sign-in). */
export interface AuthorizeOptions {
  /** The organization to sign in to (a UUID). */
  readonly organizationUuid?: string;
  /** An e-mail address the sign-in page fills in. */
  readonly loginHint?: string;
  /** How to sign in, e.g. `sso` (SSO_LOGIN_METHOD). */
  readonly loginMethod?: string;
}

export interface AuthorizeRequest extends AuthorizeOptions {
  readonly redirectUri: string;
  readonly codeChallenge: string;
  readonly state: string;
  readonly scopes?: readonly string[];
}

export function buildAuthorizeUrl(endpoints: OAuthEndpoints, request: AuthorizeRequest): string {
  const url = new URL(endpoints.authorizeUrl);
  const query = url.searchParams;
  query.append('code', 'true');
  query.append('client_id', CLIENT_ID);
  query.append('response_type', 'code');
  query.append('redirect_uri', request.redirectUri);
  query.append('scope', (request.scopes ?? LOGIN_SCOPES).join(' '));
  query.append('code_challenge', request.codeChallenge);
  query.append('code_challenge_method', 'S256');
  query.append('state', request.state);
  for (const [option, param] of Object.entries(AUTHORIZE_OPTIONAL_PARAMS) as [keyof AuthorizeOptions, string][]) {
    const value = request[option];
    if (value) {
      query.append(param, value);
    }
  }
  return url.toString();
}
