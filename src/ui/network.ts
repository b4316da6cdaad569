// VS Code's proxy settings, read so that no workspace can redirect where tokens go: only the user's (and the
// remote's) values count, never `.vscode/settings.json`.
import * as vscode from 'vscode';
import type * as Engine from '../engine';
import type { HttpOptions } from '../engine/transport/http';
import type { ClaudeLocation } from '../credentials/location';
import type { Log } from '../logging/log';
import type { OAuthEndpoints } from '../oauth/endpoints';
import type { SignInDependencies } from './signIn/signInRemotely';

export interface NetworkOptions {
  readonly http: HttpOptions;
  /** The proxy in use, `scheme://host:port` only, for messages and the diagnosis. */
  readonly proxyDescription?: string;
}

export function networkFor(engine: Pick<typeof Engine, 'httpOptionsFor'>, targetUrl: string, log: Log): NetworkOptions {
  const http = vscode.workspace.getConfiguration('http');
  const proxy = userValue<string>(http.inspect<string>('proxy'))?.trim();
  const options = engine.httpOptionsFor(
    targetUrl,
    {
      configuredProxy: proxy || undefined,
      noProxy: userValue<string[]>(http.inspect<string[]>('noProxy')),
    },
    process.env,
    (message) => log.warn(message),
  );
  if (options.via) {
    log.info(`Requests to ${new URL(targetUrl).host} go through the proxy ${options.via}.`);
  }
  return { http: options, proxyDescription: options.via };
}

function userValue<T>(inspected: { globalValue?: T; defaultValue?: T } | undefined): T | undefined {
  return inspected?.globalValue ?? inspected?.defaultValue;
}

/** What a sign-in or a refresh needs from the engine for this machine: its store, the network as the user set it. */
export function engineSession(engine: typeof Engine, endpoints: OAuthEndpoints, location: ClaudeLocation, log: Log): SignInDependencies {
  const { http } = networkFor(engine, endpoints.tokenUrl, log);
  return { engine, endpoints, location, store: engine.openCredentialStore(location), log, http };
}
