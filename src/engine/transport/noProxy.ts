// NO_PROXY matching, with curl's rules (which undici's EnvHttpProxyAgent and Claude Code follow in part):
//   `*`                  bypass every host
//   `example.com`        example.com and every subdomain (curl; `.example.com` and `*.example.com` mean the same)
//   `example.com:8443`   only that port (the target's default port counts: 443 for https, 80 for http)
//   `10.0.0.7`, `[::1]`  that IP address exactly; an IP target never matches a domain suffix
//   `10.0.0.0/8`         an IP range (curl ≥ 7.86)
// `localhost` is not bypassed unless listed, as in curl and undici.
import { BlockList, isIP } from 'node:net';

/** The first entry of `entries` that sends `targetUrl` around the proxy, as written; undefined when none does. */
export function noProxyMatch(targetUrl: string, entries: readonly string[]): string | undefined {
  const target = new URL(targetUrl);
  const host = unbracket(target.hostname.toLowerCase());
  const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80);
  return entries.find((entry) => matches(host, port, entry.trim().toLowerCase()));
}

/** Splits a NO_PROXY value (`a.com, b.com c.com`) into entries. */
export function splitNoProxy(value: string | undefined): string[] {
  return (value ?? '').split(/[\s,]+/).filter(Boolean);
}

function matches(host: string, port: number, entry: string): boolean {
  if (entry === '*') {
    return true;
  }
  const { name, entryPort } = splitPort(entry);
  if (!name || (entryPort !== undefined && entryPort !== port)) {
    return false;
  }
  if (name.includes('/')) {
    return inRange(host, name);
  }
  if (isIP(host) || isIP(name)) {
    return host === name;
  }
  const domain = name.replace(/^\*?\.?/, '');
  return host === domain || host.endsWith(`.${domain}`);
}

/** `host`, `host:port`, `[v6]`, `[v6]:port`; a bare IPv6 address has no port. */
function splitPort(entry: string): { name: string; entryPort?: number } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) {
    return { name: bracketed[1], entryPort: bracketed[2] ? Number(bracketed[2]) : undefined };
  }
  const withPort = /^([^:]+):(\d+)$/.exec(entry);
  return withPort ? { name: withPort[1], entryPort: Number(withPort[2]) } : { name: entry };
}

function inRange(host: string, cidr: string): boolean {
  const [network, bits] = cidr.split('/');
  const family = isIP(network);
  const prefix = Number(bits);
  if (!family || family !== isIP(host) || !Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) {
    return false;
  }
  const range = new BlockList();
  const type = family === 4 ? 'ipv4' : 'ipv6';
  range.addSubnet(network, prefix, type);
  return range.check(host, type);
}

function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}
