// How the OAuth requests reach the internet: which proxy (VS Code's http.proxy, then the usual environment
// variables, minus NO_PROXY and http.noProxy) and which certificates to trust (Node's roots plus
// NODE_EXTRA_CA_CERTS). No VS Code here: the glue reads the settings and passes them in.
import { statSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { FILE_SIZE_LIMITS, readSmallTextFileSync } from '../../credentials/smallFile';
import { Agent, Pool, ProxyAgent, type Dispatcher } from './undici';
import { OAuthError } from '../../oauth/errors';
import type { HttpOptions } from './http';
import { noProxyMatch, splitNoProxy } from './noProxy';

export type ProxySource = 'http.proxy' | 'HTTPS_PROXY' | 'https_proxy' | 'HTTP_PROXY' | 'http_proxy' | 'ALL_PROXY' | 'all_proxy';

export interface ProxyInput {
  /** VS Code's `http.proxy`. */
  readonly configuredProxy?: string;
  /** VS Code's `http.noProxy`. */
  readonly noProxy?: readonly string[];
  readonly env: NodeJS.ProcessEnv;
}

export interface ResolvedProxy {
  /** Absent: connect directly. */
  readonly proxyUrl?: string;
  /** Where the proxy came from (also when it was bypassed). */
  readonly source?: ProxySource;
  /** The entry that sent the target around the proxy, e.g. `NO_PROXY: .corp.example`. */
  readonly bypassedBy?: string;
}

// Lower case first, as curl, undici and Claude Code read them. For https, Claude Code falls back to
// http_proxy, so a shell that works for `claude` works here too.
const ENV_PROXIES: Readonly<Record<'https:' | 'http:', readonly ProxySource[]>> = {
  'https:': ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY', 'all_proxy', 'ALL_PROXY'],
  'http:': ['http_proxy', 'HTTP_PROXY', 'all_proxy', 'ALL_PROXY'],
};

const SUPPORTED_PROXY_SCHEMES = ['http:', 'https:'];

/**
 * How long a proxy may take to answer CONNECT (undici would wait 300 s). Longer than a request's own time limit,
 * which is what the user sees; this only frees the socket of a proxy that never answers.
 */
const PROXY_CONNECT_TIMEOUT_MS = 30_000;

/** The proxy for one request, or why there is none. Pure: reads only its arguments. */
export function resolveProxy(targetUrl: string, input: ProxyInput): ResolvedProxy {
  const protocol = new URL(targetUrl).protocol === 'http:' ? 'http:' : 'https:';
  const chosen = chooseProxy(protocol, input);
  if (!chosen) {
    return {};
  }
  const lists: [string, readonly string[]][] = [
    ['http.noProxy', input.noProxy ?? []],
    [input.env.no_proxy ? 'no_proxy' : 'NO_PROXY', splitNoProxy(input.env.no_proxy || input.env.NO_PROXY)],
  ];
  for (const [name, entries] of lists) {
    const entry = noProxyMatch(targetUrl, entries);
    if (entry !== undefined) {
      return { source: chosen.source, bypassedBy: `${name}: ${entry}` };
    }
  }
  return chosen;
}

function chooseProxy(protocol: 'https:' | 'http:', input: ProxyInput): { proxyUrl: string; source: ProxySource } | undefined {
  const configured = input.configuredProxy?.trim();
  if (configured) {
    // The user's explicit setting: used even if its scheme is unsupported, so the error can say so.
    return { proxyUrl: withScheme(configured), source: 'http.proxy' };
  }
  for (const source of ENV_PROXIES[protocol]) {
    const value = input.env[source]?.trim();
    // A SOCKS all_proxy (Clash exports one) is skipped, as Claude Code ignores it too.
    if (value && SUPPORTED_PROXY_SCHEMES.includes(schemeOf(withScheme(value)))) {
      return { proxyUrl: withScheme(value), source };
    }
  }
  return undefined;
}

function withScheme(proxy: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`;
}

function schemeOf(url: string): string {
  try {
    return new URL(url).protocol;
  } catch {
    return 'invalid:';
  }
}

/** `scheme://host:port` of a proxy, for messages and logs: never its user name or password. */
export function describeProxy(proxyUrl: string): string {
  try {
    const url = new URL(proxyUrl);
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    return `${url.protocol}//${url.hostname}:${port}`;
  } catch {
    return 'an invalid proxy address';
  }
}

export interface DispatcherOptions {
  readonly proxyUrl?: string;
  /** A PEM file of extra CAs, trusted on top of Node's roots (NODE_EXTRA_CA_CERTS). */
  readonly extraCaCertsFile?: string;
}

/**
 * An undici dispatcher for these options: a ProxyAgent when proxied, otherwise an Agent. Throws an OAuthError
 * of kind network for a proxy URL that is invalid or not http(s). An extra-CA file that cannot be read, or holds
 * no certificate, is reported through `warn` and skipped, as Node and Claude Code do.
 */
export function createDispatcher(options: DispatcherOptions, warn: (message: string) => void = () => undefined): Dispatcher {
  // Certificates are always verified: VS Code reports settings a devcontainer.json seeds as user settings, so no
  // setting (http.proxyStrictSSL) may turn this off. A corporate CA goes in NODE_EXTRA_CA_CERTS.
  const tls = { rejectUnauthorized: true, ca: trustedCas(options.extraCaCertsFile, warn) };
  if (!options.proxyUrl) {
    return new Agent({ connect: tls });
  }
  const scheme = schemeOf(options.proxyUrl);
  if (scheme === 'invalid:') {
    throw new OAuthError('network', 'The proxy address is not a valid URL; use http://host:port.');
  }
  if (!SUPPORTED_PROXY_SCHEMES.includes(scheme)) {
    throw new OAuthError('network', `The proxy ${describeProxy(options.proxyUrl)} is not supported; use an http:// or https:// proxy.`);
  }
  return new ProxyAgent({
    uri: options.proxyUrl,
    requestTls: tls,
    proxyTls: tls,
    clientFactory: (origin, opts) => new Pool(origin, { ...opts, headersTimeout: PROXY_CONNECT_TIMEOUT_MS }),
  });
}

/** Node's roots plus the file's certificates; undefined (Node's defaults) when there is no usable file. */
function trustedCas(file: string | undefined, warn: (message: string) => void): string[] | undefined {
  if (!file) {
    return undefined;
  }
  let pem: string;
  try {
    pem = readSmallTextFileSync(file, FILE_SIZE_LIMITS.caCertificates) ?? '';
  } catch (error) {
    warn(`Ignoring extra CA certificates from ${file}: ${(error as Error).message}`);
    return undefined;
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    warn(`Ignoring extra CA certificates from ${file}: it holds no PEM certificate.`);
    return undefined;
  }
  return [...rootCertificates, pem];
}

export interface NetworkSettings {
  readonly configuredProxy?: string;
  readonly noProxy?: readonly string[];
}

const dispatchers = new Map<string, Dispatcher>();

/**
 * What the glue passes as `http` to the OAuth core for requests to `targetUrl`: a dispatcher through the right
 * proxy, trusting NODE_EXTRA_CA_CERTS, and `via` naming the proxy for error messages. Dispatchers are reused per
 * (proxy, CA file and its modification time), so repeated calls share one connection pool.
 */
export function httpOptionsFor(
  targetUrl: string,
  settings: NetworkSettings,
  env: NodeJS.ProcessEnv,
  warn?: (message: string) => void,
): HttpOptions {
  const { proxyUrl } = resolveProxy(targetUrl, { configuredProxy: settings.configuredProxy, noProxy: settings.noProxy, env });
  const extraCaCertsFile = env.NODE_EXTRA_CA_CERTS?.trim() || undefined;
  const key = JSON.stringify([proxyUrl, extraCaCertsFile, modifiedAt(extraCaCertsFile)]);
  let dispatcher = dispatchers.get(key);
  if (!dispatcher) {
    dispatcher = createDispatcher({ proxyUrl, extraCaCertsFile }, warn);
    dispatchers.set(key, dispatcher);
  }
  return { dispatcher, via: proxyUrl ? describeProxy(proxyUrl) : undefined };
}

/** So a CA file that is fixed or replaced is read again without a reload. */
function modifiedAt(file: string | undefined): number | undefined {
  try {
    return file ? statSync(file).mtimeMs : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Destroys every dispatcher httpOptionsFor made (on deactivation, and between tests). Requests still running
 * fail: `close()` would instead wait for them, and for a CONNECT a silent proxy never answers.
 */
export async function closeDispatchers(): Promise<void> {
  const all = [...dispatchers.values()];
  dispatchers.clear();
  await Promise.all(all.map((dispatcher) => dispatcher.destroy()));
}
