// The authorize URL, with its query in exactly the order Claude Code sends it.
import { CLIENT_ID, LOGIN_SCOPES, type OAuthEndpoints } from './endpoints';

export interface AuthorizeRequest {
  readonly redirectUri: string;
  readonly codeChallenge: string;
  readonly state: string;
  readonly scopes?: readonly string[];
  /** An e-mail address the sign-in page should suggest. */
  readonly loginHint?: string;
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
  if (request.loginHint) {
    query.append('login_hint', request.loginHint);
  }
  return url.toString();
}
