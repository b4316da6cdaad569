// The one-shot loopback server that receives the browser's redirect after the user approves sign-in.
// Listens on loopback only, serves exactly one good callback, then closes. Knows nothing of VS Code.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { LOOPBACK_CALLBACK_PATH } from '../oauth/endpoints';
import { registerSecret } from '../logging/redaction';
import { CallbackError } from './errors';

export const CALLBACK_TIMEOUT_MS = 5 * 60_000;

export type CallbackPage = 'denied' | 'wrong_state' | 'not_found' | 'signed_in';

export interface CallbackServerOptions {
  readonly expectedState: string;
  /** Where to send the browser after a good callback (the provider's success page); a local page when absent. */
  readonly successRedirect?: string;
  /** HTML for the pages the browser sees (localised by the caller). */
  readonly renderPage?: (page: CallbackPage) => string;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** The port to try first (any free one when absent or taken). */
  readonly port?: number;
}

export interface CallbackServer {
  readonly port: number;
  /** `http://localhost:<port>/callback`: the shape Anthropic accepts as a redirect. */
  readonly localCallbackUrl: string;
  /** The addresses actually listened on, e.g. `127.0.0.1:PORT`, `[::1]:PORT`. */
  readonly listeningOn: readonly string[];
  /** Resolves with the code from the first callback that carries our state. */
  readonly callback: Promise<{ code: string }>;
  /** Resolves once every socket is closed. */
  close(): Promise<void>;
}

export async function startCallbackServer(options: CallbackServerOptions): Promise<CallbackServer> {
  const render = options.renderPage ?? defaultPage;
  let settle!: { resolve: (v: { code: string }) => void; reject: (e: CallbackError) => void };
  const callback = new Promise<{ code: string }>((resolve, reject) => (settle = { resolve, reject }));
  callback.catch(() => undefined); // A failure nobody awaits yet must not crash the host.
  let done = false;

  const servers: http.Server[] = [];
  const finish = (result: { code: string } | CallbackError): void => {
    if (done) {
      return;
    }
    done = true;
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    // Stop accepting at once; the response in flight still completes (it says `connection: close`).
    void closeAll(false);
    if (result instanceof CallbackError) {
      settle.reject(result);
    } else {
      settle.resolve(result);
    }
  };

  const handle = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (status: number, page: CallbackPage): void => {
      res.writeHead(status, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
        connection: 'close',
      });
      res.end(render(page));
    };
    if (done || req.method !== 'GET' || url.pathname !== LOOPBACK_CALLBACK_PATH) {
      send(404, 'not_found');
      return;
    }
    // Whatever arrives here is a secret, ours or not: never let it reach a log.
    registerSecret(url.searchParams.get('code'), url.searchParams.get('state'));
    if (url.searchParams.get('state') !== options.expectedState) {
      // Not from this sign-in (an old tab, or someone else's link): refuse it and keep waiting.
      send(400, 'wrong_state');
      return;
    }
    const error = url.searchParams.get('error');
    const code = url.searchParams.get('code');
    if (error || !code) {
      send(200, 'denied');
      finish(new CallbackError('authorization_denied', error ?? 'missing_code'));
      return;
    }
    if (options.successRedirect) {
      res.writeHead(302, { location: options.successRedirect, 'cache-control': 'no-store', connection: 'close' });
      res.end();
    } else {
      send(200, 'signed_in');
    }
    finish({ code });
  };

  const { port, listeningOn } = await listenOnBothLoopbacks(handle, servers, options.port);

  const closeAll = (force: boolean): Promise<void> =>
    Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            if (force) {
              server.closeAllConnections();
            } else {
              server.closeIdleConnections();
            }
          }),
      ),
    ).then(() => undefined);

  const onAbort = (): void => finish(new CallbackError('cancelled'));
  const timer = setTimeout(() => finish(new CallbackError('timeout')), options.timeoutMs ?? CALLBACK_TIMEOUT_MS);
  if (options.signal?.aborted) {
    onAbort();
  } else {
    options.signal?.addEventListener('abort', onAbort, { once: true });
  }

  return {
    port,
    localCallbackUrl: `http://localhost:${port}${LOOPBACK_CALLBACK_PATH}`,
    listeningOn,
    callback,
    close: async () => {
      finish(new CallbackError('cancelled'));
      await closeAll(true);
    },
  };
}

/** Tries before giving up on finding a port that is free on both loopbacks. */
const PORT_ATTEMPTS = 20;

/**
 * Listens on 127.0.0.1 and ::1 on one port, pushing the servers into `servers`. A forward to `localhost` may reach
 * either address, so a port taken on one of them (another local user can squat it) is given up for a new one.
 * Only a machine without IPv6 loopback is served on 127.0.0.1 alone.
 */
async function listenOnBothLoopbacks(
  handle: http.RequestListener,
  servers: http.Server[],
  firstPort: number | undefined,
): Promise<{ port: number; listeningOn: string[] }> {
  let lastError: unknown;
  for (let attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
    let ipv4: http.Server;
    try {
      ipv4 = await listen(handle, '127.0.0.1', attempt === 0 ? (firstPort ?? 0) : 0);
    } catch (error) {
      if (errorCode(error) !== 'EADDRINUSE') throw error;
      lastError = error;
      continue;
    }
    const port = (ipv4.address() as AddressInfo).port;
    try {
      const ipv6 = await listen(handle, '::1', port);
      servers.push(ipv4, ipv6);
      return { port, listeningOn: [`127.0.0.1:${port}`, `[::1]:${port}`] };
    } catch (error) {
      if (NO_IPV6_LOOPBACK.has(errorCode(error) ?? '')) {
        servers.push(ipv4);
        return { port, listeningOn: [`127.0.0.1:${port}`] };
      }
      await new Promise((resolve) => ipv4.close(resolve));
      if (errorCode(error) !== 'EADDRINUSE') throw error;
      lastError = error;
    }
  }
  throw lastError;
}

/** What listening on ::1 answers on a machine without IPv6 loopback. */
const NO_IPV6_LOOPBACK = new Set(['EADDRNOTAVAIL', 'EAFNOSUPPORT']);

function listen(handle: http.RequestListener, host: string, port: number): Promise<http.Server> {
  return new Promise((resolve, reject) => {
    const server = http.createServer(handle);
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function defaultPage(page: CallbackPage): string {
  const text: Record<CallbackPage, string> = {
    signed_in: 'You are signed in to Claude Code. You can close this tab.',
    denied: 'Sign-in was cancelled. You can close this tab.',
    wrong_state: 'This link does not belong to the sign-in in progress. Start the sign-in again from VS Code.',
    not_found: 'Not found.',
  };
  return `<!doctype html><meta charset="utf-8"><title>Claude Remote Sign-In</title><p>${text[page]}</p>`;
}
