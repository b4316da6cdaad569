// Sign-in and refresh through a real HTTP CONNECT proxy (tinyproxy) to the test provider served over TLS with a
// throwaway CA: the proxy's own log proves the tunnel, NO_PROXY proves the bypass, and every failure is a
// network error that names the proxy — never its password, never a token — and leaves the credentials alone.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, afterEach, before, test, type TestContext } from 'node:test';
import { resolveClaudeLocation, type ClaudeLocation } from '../../src/credentials/location.js';
import { silentLog } from '../../src/logging/log.js';
import { closeDispatchers, httpOptionsFor, type NetworkSettings } from '../../src/engine/transport/proxy.js';
import { OAuthError } from '../../src/oauth/errors.js';
import type { HttpOptions } from '../../src/engine/transport/http.js';
import { refreshLogin } from '../../src/engine/refresh/refreshLogin.js';
import { finishAttempt, startAttempt } from '../../src/engine/signIn/attempt.js';
import { startTestProvider, type TestProvider } from '../support/oauthProvider.js';
import { tempDir } from '../support/tempDirs.js';
import { createTestCa, type TestCa } from '../support/testCa.js';
import { startTinyproxy, type Tinyproxy } from '../support/tinyproxy.js';

const REDIRECT = 'http://localhost:54545/callback';
const PREVIOUS = { accessToken: 'sk-ant-oat01-previous', refreshToken: 'sk-ant-ort01-previous', expiresAt: 1, scopes: ['user:inference'] };

let ca: TestCa;
let provider: TestProvider;
let providerHostPort: string;
/** CONNECTs only to the provider's port. */
let proxy: Tinyproxy;
/** Answers every CONNECT with 403. */
let refusing: Tinyproxy;
/** Requires alice / s3cret. */
let authenticating: Tinyproxy;

let dir: string;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-signin-proxy-'));
  ca = createTestCa(dir);
  provider = await startTestProvider({ host: '127.0.0.1', tls: { key: ca.key, cert: ca.cert } });
  providerHostPort = new URL(provider.origin).host;
  const port = Number(new URL(provider.origin).port);
  [proxy, refusing, authenticating] = await Promise.all([
    startTinyproxy({ dir, connectPorts: [port] }),
    startTinyproxy({ dir, connectPorts: [] }),
    startTinyproxy({ dir, connectPorts: [port], basicAuth: { user: 'alice', password: 's3cret' } }),
  ]);
});

after(async () => {
  await closeDispatchers();
  await Promise.all([proxy?.stop(), refusing?.stop(), authenticating?.stop(), provider?.close()]);
  fs.rmSync(dir, { recursive: true, force: true });
});

// Each test opens its own tunnels, so the proxy log shows what that test did.
afterEach(() => closeDispatchers());

function httpFor(settings: Partial<NetworkSettings>, env: NodeJS.ProcessEnv = { NODE_EXTRA_CA_CERTS: ca.caFile }): HttpOptions {
  return { ...httpOptionsFor(provider.endpoints.tokenUrl, settings, env), timeoutMs: 5_000 };
}

function newLocation(t: TestContext): ClaudeLocation {
  return resolveClaudeLocation({}, tempDir(t));
}

async function signIn(t: TestContext, http: HttpOptions): Promise<ClaudeLocation> {
  const location = newLocation(t);
  const attempt = startAttempt(provider.endpoints, REDIRECT);
  const { code } = await provider.approve(attempt.authorizeUrl);
  await finishAttempt(attempt, code, { endpoints: provider.endpoints, location, log: silentLog, http });
  return location;
}

/** A sign-in over an existing login that must fail: returns the error after checking nothing changed on disk. */
async function failedSignIn(t: TestContext, http: HttpOptions): Promise<OAuthError> {
  const location = newLocation(t);
  fs.mkdirSync(location.configDir, { recursive: true, mode: 0o700 });
  const existing = JSON.stringify({ claudeAiOauth: PREVIOUS });
  fs.writeFileSync(location.credentialsFile, existing, { mode: 0o600 });
  const attempt = startAttempt(provider.endpoints, REDIRECT);
  const { code } = await provider.approve(attempt.authorizeUrl);
  const error = await finishAttempt(attempt, code, { endpoints: provider.endpoints, location, log: silentLog, http }).then(
    () => assert.fail('the sign-in should have failed'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof OAuthError, `expected an OAuthError, got ${error}`);
  assert.equal(fs.readFileSync(location.credentialsFile, 'utf8'), existing, 'a failed sign-in changes nothing on disk');
  for (const secret of [code, attempt.codeVerifier, 'sk-ant-']) {
    assert.ok(!error.message.includes(secret), `the message leaks a secret: ${error.message}`);
  }
  return error;
}

const login = (location: ClaudeLocation) => JSON.parse(fs.readFileSync(location.credentialsFile, 'utf8')).claudeAiOauth;

test('http.proxy: sign-in and refresh go through the proxy, trusting the extra CA', async (t) => {
  const location = await signIn(t, httpFor({ configuredProxy: proxy.url }));
  assert.equal(login(location).accessToken, provider.issuedAccessTokens.at(-1));
  const tunnels = proxy.connects();
  assert.ok(tunnels.length > 0 && tunnels.every((to) => to === providerHostPort), `tunnels: ${tunnels}`);

  await closeDispatchers(); // the refresh must open its own tunnel
  const outcome = await refreshLogin({ endpoints: provider.endpoints, location, log: silentLog, http: httpFor({ configuredProxy: proxy.url }) });
  assert.equal(outcome.kind, 'refreshed');
  assert.equal(login(location).refreshToken, provider.issuedRefreshTokens.at(-1));
  assert.ok(proxy.connects().length > tunnels.length);
});

test('HTTPS_PROXY is honoured without http.proxy, and NO_PROXY=127.0.0.1 goes around it', async (t) => {
  const env = { HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: ca.caFile };
  const before = proxy.connects().length;
  await signIn(t, httpFor({}, env));
  const after = proxy.connects().length;
  assert.ok(after > before);

  const bypassed = httpFor({}, { ...env, NO_PROXY: '127.0.0.1' });
  assert.equal(bypassed.via, undefined);
  const location = await signIn(t, bypassed);
  assert.equal(login(location).accessToken, provider.issuedAccessTokens.at(-1));
  assert.equal(proxy.connects().length, after, 'the proxy saw nothing new');
});

test('without the extra CA the certificate is refused — no setting turns the check off — and NODE_EXTRA_CA_CERTS accepts it', async (t) => {
  // What a repository's devcontainer.json could seed: http.proxyStrictSSL false. It is not an input at all.
  const seeded = { configuredProxy: proxy.url, strictSSL: false } as Partial<NetworkSettings>;
  const error = await failedSignIn(t, httpFor(seeded, {}));
  assert.equal(error.kind, 'network');
  assert.match(error.message, /certificate/i);
  assert.match(error.message, new RegExp(`through the proxy ${proxy.url}`));

  const location = await signIn(t, httpFor(seeded, { NODE_EXTRA_CA_CERTS: ca.caFile }));
  assert.equal(login(location).accessToken, provider.issuedAccessTokens.at(-1));
});

test('a proxy that refuses the CONNECT: a network error naming the proxy; sign-in and refresh change nothing', async (t) => {
  const error = await failedSignIn(t, httpFor({ configuredProxy: refusing.url }));
  assert.equal(error.kind, 'network');
  assert.match(error.message, new RegExp(`^Could not reach ${providerHostPort} through the proxy ${refusing.url}: .*403`));
  assert.ok(refusing.connects().includes(providerHostPort));

  const location = await signIn(t, httpFor({}));
  const before = fs.readFileSync(location.credentialsFile, 'utf8');
  await assert.rejects(
    refreshLogin({ endpoints: provider.endpoints, location, log: silentLog, http: httpFor({ configuredProxy: refusing.url }) }),
    (e: OAuthError) => e.kind === 'network' && e.message.includes(refusing.url),
  );
  assert.equal(fs.readFileSync(location.credentialsFile, 'utf8'), before);
});

test('a proxy that never answers: a timeout naming the proxy', async (t) => {
  const sockets: net.Socket[] = [];
  const silent = net.createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    sockets.forEach((socket) => socket.destroy());
    silent.close();
  });
  const url = `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
  const started = Date.now();
  const error = await failedSignIn(t, { ...httpFor({ configuredProxy: url }), timeoutMs: 300 });
  assert.ok(Date.now() - started < 3_000, 'the time limit holds while the CONNECT is unanswered');
  assert.equal(error.kind, 'timeout');
  assert.match(error.message, new RegExp(`through the proxy ${url}\\.$`));
});

test('proxy credentials are used, and never appear in an error message', async (t) => {
  const { port } = new URL(authenticating.url);
  await signIn(t, httpFor({ configuredProxy: `http://alice:s3cret@127.0.0.1:${port}` }));
  assert.ok(authenticating.connects().includes(providerHostPort));

  const closedPort = await new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = server.address() as net.AddressInfo;
      server.close(() => resolve(free));
    });
  });
  for (const proxyUrl of [
    `http://alice:wrong-s3cret@127.0.0.1:${port}`,
    `http://alice:s3cret@${new URL(refusing.url).host}`,
    `http://alice:s3cret@127.0.0.1:${closedPort}`,
  ]) {
    const error = await failedSignIn(t, httpFor({ configuredProxy: proxyUrl }));
    assert.equal(error.kind, 'network');
    assert.ok(error.message.includes(`through the proxy http://127.0.0.1:`), error.message);
    assert.doesNotMatch(error.message, /s3cret|alice/, error.message);
    assert.doesNotMatch(String((error.details.cause as Error)?.message), /s3cret/);
  }
});
