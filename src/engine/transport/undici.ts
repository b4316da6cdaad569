// The parts of undici we use — its HTTP/1 client, Agent, Pool, ProxyAgent and `request` — without the rest of its
// index (fetch, WebSocket, caches, mocks), which would triple the size of the network bundle.
import type * as Undici from 'undici';

/* eslint-disable @typescript-eslint/no-require-imports -- undici's parts by file, not its index (see above) */
/* What undici's own index.js does so that dispatchers have `.request()`. */
const DispatcherBase = require('undici/lib/dispatcher/dispatcher') as { prototype: object };
Object.assign(DispatcherBase.prototype, require('undici/lib/api'));

export const Agent = require('undici/lib/dispatcher/agent') as typeof Undici.Agent;
export const Pool = require('undici/lib/dispatcher/pool') as typeof Undici.Pool;
export const ProxyAgent = require('undici/lib/dispatcher/proxy-agent') as typeof Undici.ProxyAgent;
/* eslint-enable @typescript-eslint/no-require-imports */
export type Dispatcher = Undici.Dispatcher;

let defaultAgent: Undici.Agent | undefined;

/** undici's `request(url, options)`, with our own default agent instead of its global one. */
export function request(
  url: string,
  options: Omit<Undici.Dispatcher.RequestOptions, 'origin' | 'path'> & { dispatcher?: Undici.Dispatcher },
): Promise<Undici.Dispatcher.ResponseData> {
  const target = new URL(url);
  const { dispatcher, ...rest } = options;
  return (dispatcher ?? (defaultAgent ??= new Agent())).request({
    ...rest,
    origin: target.origin,
    path: `${target.pathname}${target.search}`,
  });
}
