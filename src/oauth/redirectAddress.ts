// Which redirect address a browser sign-in can use, given what VS Code's port forwarding made of our
// loopback callback. Pure rules, unit-tested with desktop-shaped and web-shaped results.
import { LOOPBACK_CALLBACK_PATH } from './endpoints';

export type RedirectChoice =
  | { readonly usable: true; readonly redirectUri: string }
  | {
      readonly usable: false;
      /** The address the browser could reach, which the provider would refuse as a redirect. */
      readonly externalAddress: string;
    };

/**
 * Desktop remotes forward `http://localhost:P/callback` to `http://localhost:L/callback` (path kept): Anthropic
 * accepts that. Web clients (code-server, Codespaces in a browser) give a proxy path or an https tunnel, which
 * only a custom provider accepts. code-server 4.100 also drops the path, so it is put back first.
 */
export function chooseRedirect(externalUrl: string, acceptsAnyRedirect: boolean): RedirectChoice {
  const external = new URL(externalUrl);
  if (!external.pathname.endsWith(LOOPBACK_CALLBACK_PATH)) {
    external.pathname = `${external.pathname.replace(/\/+$/, '')}${LOOPBACK_CALLBACK_PATH}`;
  }
  const redirectUri = external.toString();
  if (acceptsAnyRedirect || isAnthropicShapedLoopback(external)) {
    return { usable: true, redirectUri };
  }
  return { usable: false, externalAddress: redirectUri };
}

/** Exactly `http://localhost:<port>/callback`, the only redirect Anthropic accepts. */
export function isAnthropicShapedLoopback(url: URL): boolean {
  return (
    url.protocol === 'http:' &&
    url.hostname === 'localhost' &&
    url.port !== '' &&
    url.pathname === LOOPBACK_CALLBACK_PATH &&
    url.search === '' &&
    url.hash === '' &&
    url.username === '' &&
    url.password === ''
  );
}
