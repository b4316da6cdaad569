// Scripted misbehaviour of the token and profile endpoints: queued per endpoint, used in order.
import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { sendJson } from './http.js';
import type { Fault, FaultEndpoint } from './types.js';

export class FaultQueue {
  private readonly queues: Record<FaultEndpoint, Fault[]> = { token: [], profile: [] };

  add(endpoint: FaultEndpoint, fault: Fault, count = 1): void {
    for (let i = 0; i < count; i++) this.queues[endpoint].push(fault);
  }

  take(endpoint: FaultEndpoint): Fault | undefined {
    return this.queues[endpoint].shift();
  }
}

/**
 * Plays a fault. Returns true when the fault answered (or will never answer), false when the
 * request should now be handled normally (after a delay). `closing` aborts delays on close().
 */
export async function playFault(
  fault: Fault,
  endpoint: FaultEndpoint,
  res: ServerResponse,
  closing: AbortSignal,
  requestBody = '',
): Promise<boolean> {
  if ('hang' in fault) {
    return true; // the socket stays open until close() destroys it
  }
  if ('delayMs' in fault) {
    await sleep(fault.delayMs, undefined, { signal: closing });
    return false;
  }
  if ('until' in fault) {
    await Promise.race([fault.until, new Promise((_, reject) => closing.addEventListener('abort', reject, { once: true }))]);
    return false;
  }
  if ('malformedJson' in fault) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"token_type":"Bearer","access_token":"sk-ant-oat01-');
    return true;
  }
  if ('wrongShape' in fault) {
    sendJson(res, 200, endpoint === 'token' ? { token_type: 'Bearer', expires_in: 28800 } : { account: null });
    return true;
  }
  if ('echoRequestBody' in fault) {
    sendJson(res, fault.status, { error: 'invalid_request', error_description: `Could not process ${requestBody}` });
    return true;
  }
  if ('body' in fault) {
    sendJson(res, fault.status, fault.body);
    return true;
  }
  const headers: Record<string, string> = {};
  if (fault.retryAfterSeconds !== undefined) {
    headers['retry-after'] = String(fault.retryAfterSeconds);
  }
  sendJson(res, fault.status, errorBodyFor(fault.status, endpoint), headers);
  return true;
}

function errorBodyFor(status: number, endpoint: FaultEndpoint): unknown {
  if (endpoint === 'token') {
    return { error: status === 429 ? 'rate_limited' : 'server_error', error_description: `Injected fault ${status}` };
  }
  const type = status === 429 ? 'rate_limit_error' : status >= 500 ? 'api_error' : 'invalid_request_error';
  return { type: 'error', error: { type, message: `Injected fault ${status}` } };
}
