// One request to the token endpoint answers two questions: can this machine reach the server that signs in and
// refreshes, and does its clock agree with the server's? Any HTTP status will do; only the `Date` header is read.
import type { OAuthEndpoints } from '../../oauth/endpoints';
import { causeChain } from '../../logging/log';
import { OAuthError } from '../../oauth/errors';
import { sendRequest, type HttpOptions } from '../transport/http';
import { finding, type Finding } from './findings';

/** A diagnosis should not hang on a dead network: the request gets at most this long. */
export const DIAGNOSE_TIMEOUT_MS = 5_000;
/**
 * Beyond this, expiry times drift: the CLI computes `expiresAt` from its own clock, so a clock that is behind keeps
 * sending tokens the server already considers expired, and one that is ahead refreshes too early.
 */
export const CLOCK_SKEW_LIMIT_MS = 60_000;

export async function checkTokenEndpoint(
  endpoints: OAuthEndpoints,
  now: number,
  http: HttpOptions = {},
  proxy?: string,
): Promise<Finding[]> {
  const origin = new URL(endpoints.tokenUrl).origin;
  const timeoutMs = Math.min(http.timeoutMs ?? DIAGNOSE_TIMEOUT_MS, DIAGNOSE_TIMEOUT_MS);
  const viaProxy = proxy ? { proxy } : {};
  const started = performance.now();
  let response;
  try {
    response = await sendRequest({ method: 'GET', url: endpoints.tokenUrl }, { ...http, timeoutMs });
  } catch (error) {
    if (!(error instanceof OAuthError) || error.kind === 'cancelled') throw error;
    if (error.kind === 'timeout') {
      return [finding('token_endpoint_timeout', 'error', { origin, seconds: timeoutMs / 1000, ...viaProxy })];
    }
    return [finding('token_endpoint_unreachable', 'error', { origin, cause: causeCode(error), ...viaProxy })];
  }

  const findings: Finding[] = [finding('token_endpoint_reachable', 'ok', { origin, status: response.status, ...viaProxy })];
  const dateHeader = response.headers['date'];
  const serverTime = Date.parse(Array.isArray(dateHeader) ? (dateHeader[0] ?? '') : (dateHeader ?? ''));
  if (Number.isNaN(serverTime)) return findings;
  // `now` is when the diagnosis started; the server stamped its answer about `elapsed` later.
  const localTime = now + (performance.now() - started);
  const skewMs = localTime - serverTime;
  const skewSeconds = Math.round(skewMs / 1000);
  findings.push(
    Math.abs(skewMs) > CLOCK_SKEW_LIMIT_MS
      ? finding('clock_skew', 'warning', {
          skewMinutes: Math.round(Math.abs(skewMs) / 60_000),
          skewSeconds,
          direction: skewMs > 0 ? 'ahead' : 'behind',
          serverTime,
          origin,
        })
      : finding('clock_in_sync', 'ok', { skewSeconds, origin }),
  );
  return findings;
}

/** The first error code in the chain (`ECONNREFUSED`, `ENOTFOUND`, `CERT_HAS_EXPIRED`, `UND_ERR_SOCKET`, …). */
function causeCode(error: OAuthError): string {
  const code = causeChain(error.details.cause).find(({ code }) => typeof code === 'string' && code)?.code;
  return typeof code === 'string' ? code : error.kind;
}
