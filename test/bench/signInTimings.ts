// Sign-in and refresh in plain Node against the local test provider: from the browser's GET of /callback to the
// login renamed into place, and a refresh's round trip under the CLI's locks. The provider runs in this process,
// so its own work is included; network latency to a real server is not.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveClaudeLocation, type ClaudeLocation } from '../../src/credentials/location';
import { silentLog } from '../../src/logging/log';
import { createState } from '../../src/oauth/pkce';
import { refreshLogin } from '../../src/engine/refresh/refreshLogin';
import { finishAttempt, startAttempt } from '../../src/engine/signIn/attempt';
import { startCallbackServer } from '../../src/engine/signIn/callbackServer';
import type { TestProvider } from '../support/oauthProvider';

export interface SignInTimings {
  /** From the GET of the callback URL until finishAttempt resolved (exchange, profile, file written). */
  callbackToFileMs: number[];
  /** One refreshLogin each (locks, token request, write). */
  refreshMs: number[];
}

/** `signIns` timed sign-ins into fresh homes and `refreshes` refreshes, each after one untimed warm-up. */
export async function signInTimings(provider: TestProvider, signIns: number, refreshes: number): Promise<SignInTimings> {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-signin-')));
  try {
    const homes = Array.from({ length: signIns + 1 }, (_, index) => resolveClaudeLocation({}, path.join(root, `home-${index}`)));
    const callbackToFileMs: number[] = [];
    for (const location of homes) callbackToFileMs.push(await callbackToFile(provider, location));
    const refreshMs: number[] = [];
    for (let run = 0; run <= refreshes; run++) refreshMs.push(await refresh(provider, homes[0]));
    return { callbackToFileMs: callbackToFileMs.slice(1), refreshMs: refreshMs.slice(1) };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

async function callbackToFile(provider: TestProvider, location: ClaudeLocation): Promise<number> {
  const state = createState();
  const server = await startCallbackServer({ expectedState: state });
  try {
    const attempt = startAttempt(provider.endpoints, server.localCallbackUrl, { state });
    const { redirect } = await provider.approve(attempt.authorizeUrl);
    const started = performance.now();
    const page = fetch(redirect).then((response) => response.text());
    const { code } = await server.callback;
    await finishAttempt(attempt, code, { endpoints: provider.endpoints, location, log: silentLog });
    const elapsed = performance.now() - started;
    server.answer({ page: 'signed_in' }); // the browser waits for this, as in the product
    await page;
    return elapsed;
  } finally {
    await server.close();
  }
}

async function refresh(provider: TestProvider, location: ClaudeLocation): Promise<number> {
  const started = performance.now();
  const outcome = await refreshLogin({ endpoints: provider.endpoints, location, log: silentLog });
  const elapsed = performance.now() - started;
  if (outcome.kind !== 'refreshed') throw new Error(`refresh ended as ${outcome.kind}`);
  return elapsed;
}
