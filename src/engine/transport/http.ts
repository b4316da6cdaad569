// The one place the OAuth core touches the network: a JSON request through undici with a time limit and
// cancellation. Failures become OAuthErrors of kind network / timeout / cancelled; statuses are returned.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { request, type Dispatcher } from './undici';
import { causeChain } from '../../logging/log';
import { OAuthError } from '../../oauth/errors';
import type { HttpRequest, HttpResponse } from '../../oauth/httpMessage';

export type { HttpRequest, HttpResponse };

/** Set by esbuild.mjs from package.json; absent when the sources run unbundled (unit tests). */
declare const EXTENSION_VERSION: string | undefined;

/**
 * Sent with every request: who we are, honestly — this extension and its version, never Claude Code's own
 * identity (Anthropic has refused other programs that used Claude Code's tokens as if they were the CLI).
 */
export const USER_AGENT = `claude-remote-signin/${typeof EXTENSION_VERSION === 'string' ? EXTENSION_VERSION : versionFromManifest()}`;

/** Unbundled, the version is read from the nearest package.json above this file. */
function versionFromManifest(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    try {
      return (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      // Not here: one folder up.
    }
  }
  return 'unknown';
}

export const DEFAULT_TIMEOUT_MS = 15_000;
const MAX_BODY_BYTES = 1_000_000;

export interface HttpOptions {
  /** Time limit for the whole request, in ms. */
  readonly timeoutMs?: number;
  /** Cancels the request (e.g. the user pressed Cancel). */
  readonly signal?: AbortSignal;
  /** Connection pool, proxy agent or TLS settings; undici's global dispatcher when absent. */
  readonly dispatcher?: Dispatcher;
  /** The proxy the dispatcher goes through, as `scheme://host:port` (no credentials), named in error messages. */
  readonly via?: string;
}


export async function sendRequest(req: HttpRequest, options: HttpOptions = {}): Promise<HttpResponse> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const headers: Record<string, string> = { accept: 'application/json', ...req.headers, 'user-agent': USER_AGENT };
  let body: string | undefined;
  if (req.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(req.json);
  }
  const host = new URL(req.url).host;
  const through = options.via ? ` through the proxy ${options.via}` : '';
  try {
    const pending = request(req.url, {
      method: req.method,
      headers,
      body,
      signal,
      dispatcher: options.dispatcher,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    pending.catch(() => undefined); // it may settle after an abort has already won the race below
    const res = await Promise.race([pending, rejectOnAbort(signal)]);
    const text = await readLimited(res.body);
    return { status: res.statusCode, headers: res.headers, body: text };
  } catch (error) {
    if (options.signal?.aborted) {
      throw new OAuthError('cancelled', 'The request was cancelled.', { cause: error });
    }
    if (timeout.aborted || isTimeoutError(error)) {
      throw new OAuthError('timeout', `${host} did not answer within ${Math.round(timeoutMs / 1000)} s${through}.`, {
        cause: error,
        host,
        proxy: options.via,
      });
    }
    throw new OAuthError('network', `Could not reach ${host}${through}: ${describeNetworkError(error)}`, { cause: error, host, proxy: options.via });
  }
}

/** undici notices an abort only once the connection is made, which a silent proxy never lets happen. */
function rejectOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
    }
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

async function readLimited(stream: AsyncIterable<Uint8Array>): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.byteLength;
    if (size > MAX_BODY_BYTES) {
      throw new OAuthError('malformed_response', 'The server sent an unexpectedly large response.');
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString('utf8');
}

function isTimeoutError(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code;
  return code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT';
}

/** A short cause a user can act on: the system error code and message, never a URL query or a body. */
export function describeNetworkError(error: unknown): string {
  const parts: string[] = [];
  for (const { code, message } of causeChain(error)) {
    const text = [typeof code === 'string' ? code : undefined, typeof message === 'string' ? message : undefined]
      .filter(Boolean)
      .join(' ');
    if (text && !parts.includes(text)) {
      parts.push(text);
    }
  }
  return parts.join(' ← ') || String(error);
}
