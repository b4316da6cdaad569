// The one-shot loopback server that receives the browser's redirect after the user approves sign-in.
// Listens on loopback only and serves exactly one good callback. The browser that brought the code waits for the
// outcome (`answer`): it is told "signed in" only once the credentials are written, as the CLI does. Knows nothing
// of VS Code.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { LOOPBACK_CALLBACK_PATH } from '../../oauth/endpoints';
import { registerSecret } from '../../logging/redaction';
import { CallbackError } from '../../oauth/signInErrors';

export const CALLBACK_TIMEOUT_MS = 5 * 60_000;
/** After a cancel, how long an Authorize clicked in a tab left open still gets a page instead of a refused connection. */
export const LATE_ANSWER_MS = 60_000;

export type CallbackPage = 'denied' | 'wrong_state' | 'not_found' | 'signed_in' | 'failed' | 'cancelled';

/** How the sign-in ended, for the browser that brought the code. */
export type CallbackOutcome =
  | { readonly page: 'signed_in' }
  /** `reason`: the user's words for the failure (as VS Code shows it), never a secret. */
  | { readonly page: 'failed'; readonly reason: string }
  | { readonly page: 'cancelled' };

export interface CallbackServerOptions {
  readonly expectedState: string;
  /** Where to send the browser once signed in (the provider's success page); a local page when absent. */
  readonly successRedirect?: string;
  /** HTML for the pages the browser sees (localised by the caller); `reason` comes with `failed`. */
  readonly renderPage?: (page: CallbackPage, reason?: string) => string;
  readonly timeoutMs?: number;
  readonly lateAnswerMs?: number;
  /** Cancels the wait, as `cancel()` does. */
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
  /** Resolves with the code from the first callback that carries our state. That browser waits for `answer`. */
  readonly callback: Promise<{ code: string }>;
  /** Answers the browser that brought the code with how the sign-in ended, then closes. Once; later calls do nothing. */
  answer(outcome: CallbackOutcome): void;
  /**
   * The user stopped this sign-in (Cancel, or another way to sign in): `callback` rejects as cancelled, a waiting
   * browser is told so, and for `lateAnswerMs` a late callback gets the cancelled page; then the server closes.
   */
  cancel(): void;
  /** Closes at once (a browser still waiting is told the sign-in was cancelled). Resolves once every socket is closed. */
  close(): Promise<void>;
}

export async function startCallbackServer(options: CallbackServerOptions): Promise<CallbackServer> {
  const render = options.renderPage ?? defaultPage;
  let settle!: { resolve: (v: { code: string }) => void; reject: (e: CallbackError) => void };
  const callback = new Promise<{ code: string }>((resolve, reject) => (settle = { resolve, reject }));
  callback.catch(() => undefined); // A failure nobody awaits yet must not crash the host.
  /** waiting → (a good callback) answering → closed; or waiting → cancelled (late answers) → closed. */
  let phase: 'waiting' | 'answering' | 'cancelled' | 'closed' = 'waiting';
  /** The browser that brought the code, waiting to hear how the sign-in ended. */
  let held: http.ServerResponse | undefined;
  let lateAnswerTimer: NodeJS.Timeout | undefined;

  const servers: http.Server[] = [];
  const page = (res: http.ServerResponse, status: number, which: CallbackPage, reason?: string): void => {
    res.writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      connection: 'close',
    });
    res.end(render(which, reason));
  };
  const stopWaiting = (): void => clearTimeout(timer);
  const closeNow = (force: boolean): Promise<void> => {
    phase = 'closed';
    clearTimeout(timer);
    clearTimeout(lateAnswerTimer);
    options.signal?.removeEventListener('abort', cancel);
    return closeAll(force);
  };

  const answer = (outcome: CallbackOutcome): void => {
    if (phase !== 'answering') return;
    const res = held;
    held = undefined;
    if (!res) {
      // The tab was closed while it waited.
    } else if (outcome.page === 'signed_in' && options.successRedirect) {
      res.writeHead(302, { location: options.successRedirect, 'cache-control': 'no-store', connection: 'close' });
      res.end();
    } else {
      page(res, 200, outcome.page, outcome.page === 'failed' ? outcome.reason : undefined);
    }
    // The answer in flight still completes (it says `connection: close`).
    void closeNow(false);
  };

  const cancel = (): void => {
    if (phase === 'answering') {
      answer({ page: 'cancelled' });
      return;
    }
    if (phase !== 'waiting') return;
    stopWaiting();
    settle.reject(new CallbackError('cancelled'));
    phase = 'cancelled';
    lateAnswerTimer = setTimeout(() => void closeNow(true), options.lateAnswerMs ?? LATE_ANSWER_MS);
    lateAnswerTimer.unref(); // an open tab never keeps the extension host alive
  };

  const handle = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET' || url.pathname !== LOOPBACK_CALLBACK_PATH || phase === 'answering' || phase === 'closed') {
      page(res, 404, 'not_found');
      return;
    }
    // Whatever arrives here is a secret, ours or not: never let it reach a log.
    registerSecret(url.searchParams.get('code'), url.searchParams.get('state'));
    if (url.searchParams.get('state') !== options.expectedState) {
      // Not from this sign-in (an old tab, or someone else's link): refuse it and keep waiting.
      page(res, 400, 'wrong_state');
      return;
    }
    if (phase === 'cancelled') {
      page(res, 200, 'cancelled');
      return;
    }
    stopWaiting();
    const error = url.searchParams.get('error');
    const code = url.searchParams.get('code');
    if (error || !code) {
      page(res, 200, 'denied');
      void closeNow(false);
      settle.reject(new CallbackError('authorization_denied', error ?? 'missing_code'));
      return;
    }
    // Stop accepting at once; this browser waits for the outcome.
    phase = 'answering';
    held = res;
    res.on('close', () => {
      if (held === res) held = undefined;
    });
    void closeAll(false);
    settle.resolve({ code });
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

  const timer = setTimeout(() => {
    stopWaiting();
    settle.reject(new CallbackError('timeout'));
    void closeNow(true);
  }, options.timeoutMs ?? CALLBACK_TIMEOUT_MS);
  if (options.signal?.aborted) {
    cancel();
  } else {
    options.signal?.addEventListener('abort', cancel, { once: true });
  }

  return {
    port,
    localCallbackUrl: `http://localhost:${port}${LOOPBACK_CALLBACK_PATH}`,
    listeningOn,
    callback,
    answer,
    cancel,
    close: async () => {
      // A browser still waiting gets its page before the sockets go.
      const answering = phase === 'answering';
      cancel();
      await closeNow(!answering);
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

function defaultPage(page: CallbackPage, reason?: string): string {
  const text: Record<CallbackPage, string> = {
    signed_in: 'You are signed in to Claude Code. You can close this tab.',
    failed: `Sign-in failed: ${reason ?? 'see VS Code'}. Nothing was changed; try again from VS Code.`,
    cancelled: 'Sign-in was cancelled in VS Code. Nothing was changed; you can close this tab.',
    denied: 'Sign-in was cancelled. You can close this tab.',
    wrong_state: 'This link does not belong to the sign-in in progress. Start the sign-in again from VS Code.',
    not_found: 'Not found.',
  };
  return `<!doctype html><meta charset="utf-8"><title>Claude Remote Sign-In</title><p>${text[page].replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)}</p>`;
}
