// The protocol's requests, sent: each pairs a request builder with its response processor (src/oauth/).
import type { OAuthEndpoints } from '../../oauth/endpoints';
import { processProfileResponse, profileRequest, type Profile } from '../../oauth/profile';
import {
  authorizationCodeGrantRequest,
  processTokenResponse,
  refreshTokenGrantRequest,
  type AuthorizationCodeGrant,
  type RefreshTokenGrant,
  type TokenSet,
} from '../../oauth/tokens';
import { sendRequest, type HttpOptions } from './http';

export async function exchangeCode(endpoints: OAuthEndpoints, grant: AuthorizationCodeGrant, http?: HttpOptions): Promise<TokenSet> {
  return processTokenResponse(await sendRequest(authorizationCodeGrantRequest(endpoints, grant), http));
}

export async function refreshTokens(endpoints: OAuthEndpoints, refresh: RefreshTokenGrant, http?: HttpOptions): Promise<TokenSet> {
  return processTokenResponse(await sendRequest(refreshTokenGrantRequest(endpoints, refresh), http), refresh.scopes);
}

export async function fetchProfile(endpoints: OAuthEndpoints, accessToken: string, http?: HttpOptions): Promise<Profile> {
  return processProfileResponse(await sendRequest(profileRequest(endpoints, accessToken), http));
}
