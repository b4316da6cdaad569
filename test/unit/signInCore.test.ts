// The sign-in core against the protocol-faithful test provider: every path asserted by what the user would
// notice — the file on disk, its mode, and the kind of error they are told about.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { resolveClaudeLocation } from '../../src/credentials/location.js';
import { LOGIN_SCOPES, CLIENT_ID } from '../../src/oauth/endpoints.js';
import { OAuthError } from '../../src/oauth/errors.js';
import { challengeFor } from '../../src/oauth/pkce.js';
import { finishAttempt, startAttempt } from '../../src/engine/signIn/attempt.js';
import { silentLog } from '../../src/logging/log.js';
import { startTestProvider, type TestProvider } from '../support/oauthProvider.js';
import { modeOf, tempDir } from '../support/tempDirs.js';

const REDIRECT = 'http://localhost:54545/callback';

async function provider(t: { after: (fn: () => unknown) => void }, options = {}): Promise<TestProvider> {
  const p = await startTestProvider(options);
  t.after(() => p.close());
  return p;
}

function setup(t: Parameters<typeof tempDir>[0]) {
  const home = tempDir(t);
  return { home, location: resolveClaudeLocation({}, home) };
}

test('the authorize URL carries Claude Code’s query, in order, with an S256 challenge of the verifier', async (t) => {
  const p = await provider(t);
  const attempt = startAttempt(p.endpoints, REDIRECT);
  const url = new URL(attempt.authorizeUrl);
  assert.equal(url.origin + url.pathname, p.endpoints.authorizeUrl);
  assert.deepEqual(
    [...url.searchParams.keys()],
    ['code', 'client_id', 'response_type', 'redirect_uri', 'scope', 'code_challenge', 'code_challenge_method', 'state'],
  );
  assert.equal(url.searchParams.get('code'), 'true');
  assert.equal(url.searchParams.get('client_id'), CLIENT_ID);
  assert.equal(url.searchParams.get('redirect_uri'), REDIRECT);
  assert.equal(url.searchParams.get('scope'), LOGIN_SCOPES.join(' '));
  assert.equal(url.searchParams.get('code_challenge'), challengeFor(attempt.codeVerifier));
  assert.match(attempt.codeVerifier, /^[A-Za-z0-9_-]{43}$/);
  assert.match(attempt.state, /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(startAttempt(p.endpoints, REDIRECT).state, attempt.state);
});

test('approve → exchange → profile → the file Claude Code reads, 0600 in a 0700 directory', async (t) => {
  const p = await provider(t, { refreshTokenLifetimeSeconds: 30 * 86400 });
  const { location } = setup(t);
  const attempt = startAttempt(p.endpoints, REDIRECT);
  const { code } = await p.approve(attempt.authorizeUrl);
  const before = Date.now();
  const signedIn = await finishAttempt(attempt, code, { endpoints: p.endpoints, location, log: silentLog });

  const file = JSON.parse(fs.readFileSync(location.credentialsFile, 'utf8'));
  const login = file.claudeAiOauth;
  assert.equal(login.accessToken, p.issuedAccessTokens.at(-1));
  assert.equal(login.refreshToken, p.issuedRefreshTokens.at(-1));
  assert.ok(login.expiresAt >= before + 28800_000 && login.expiresAt <= Date.now() + 28800_000);
  assert.ok(login.refreshTokenExpiresAt >= before + 30 * 86400_000);
  assert.deepEqual(login.scopes, [...LOGIN_SCOPES]);
  assert.equal(login.subscriptionType, 'max');
  assert.equal(login.rateLimitTier, 'default_claude_max_20x');
  assert.equal(signedIn.profile?.email, 'dev@example.com');
  assert.equal(modeOf(location.credentialsFile), 0o600);
  assert.equal(modeOf(location.configDir), 0o700);

  // The exchange was JSON with the non-standard `state`, as the CLI sends it.
  const exchange = p.requests.find((r) => r.path === '/v1/oauth/token');
  assert.equal(exchange?.headers['content-type'], 'application/json');
  assert.deepEqual(Object.keys(exchange?.body as object).sort(), ['client_id', 'code', 'code_verifier', 'grant_type', 'redirect_uri', 'state']);

  const global = JSON.parse(fs.readFileSync(location.globalConfigFile, 'utf8'));
  assert.equal(global.hasCompletedOnboarding, true);
  assert.equal(global.oauthAccount.emailAddress, 'dev@example.com');
});

test('a long-lived sign-in asks for one year, inference only, and stores no refresh token', async (t) => {
  const p = await provider(t);
  const { location } = setup(t);
  const attempt = startAttempt(p.endpoints, REDIRECT, { scopes: ['user:inference'], expiresInSeconds: 31_536_000 });
  const { code } = await p.approve(attempt.authorizeUrl);
  await finishAttempt(attempt, code, { endpoints: p.endpoints, location, log: silentLog });
  const login = JSON.parse(fs.readFileSync(location.credentialsFile, 'utf8')).claudeAiOauth;
  assert.equal('refreshToken' in login, false);
  assert.deepEqual(login.scopes, ['user:inference']);
  assert.ok(login.expiresAt > Date.now() + 364 * 86400_000);
});

async function failedExchange(
  t: Parameters<typeof tempDir>[0] & { after: (fn: () => unknown) => void },
  prepare: (p: TestProvider) => void,
  tamper: (attempt: ReturnType<typeof startAttempt>) => ReturnType<typeof startAttempt> = (a) => a,
  timeoutMs?: number,
): Promise<{ error: OAuthError; existing: string; location: ReturnType<typeof resolveClaudeLocation> }> {
  const p = await provider(t);
  const { location } = setup(t);
  fs.mkdirSync(location.configDir, { recursive: true, mode: 0o700 });
  const existing = JSON.stringify({ claudeAiOauth: { accessToken: 'sk-ant-oat01-previous', refreshToken: 'sk-ant-ort01-previous', expiresAt: 1, scopes: ['user:inference'] }, mcpOAuth: { a: 1 } });
  fs.writeFileSync(location.credentialsFile, existing, { mode: 0o600 });
  const attempt = startAttempt(p.endpoints, REDIRECT);
  const { code } = await p.approve(attempt.authorizeUrl);
  prepare(p);
  const error = await finishAttempt(tamper(attempt), code, {
    endpoints: p.endpoints,
    location,
    log: silentLog,
    http: { timeoutMs },
  }).then(
    () => assert.fail('the sign-in should have failed'),
    (e: unknown) => e as OAuthError,
  );
  assert.ok(error instanceof OAuthError, `expected an OAuthError, got ${error}`);
  assert.equal(fs.readFileSync(location.credentialsFile, 'utf8'), existing, 'a failed sign-in changes nothing on disk');
  return { error, existing, location };
}

test('a wrong PKCE verifier is refused as invalid_grant and the old login stays', async (t) => {
  const { error } = await failedExchange(t, () => undefined, (a) => ({ ...a, codeVerifier: `${a.codeVerifier.slice(1)}x` }));
  assert.equal(error.kind, 'invalid_grant');
});

test('a redirect_uri that differs from the authorize request is refused', async (t) => {
  const { error } = await failedExchange(t, () => undefined, (a) => ({ ...a, redirectUri: 'http://localhost:1/callback' }));
  assert.equal(error.kind, 'invalid_grant');
});

test('a code can be exchanged only once', async (t) => {
  const p = await provider(t);
  const { location } = setup(t);
  const attempt = startAttempt(p.endpoints, REDIRECT);
  const { code } = await p.approve(attempt.authorizeUrl);
  await finishAttempt(attempt, code, { endpoints: p.endpoints, location, log: silentLog });
  const first = fs.readFileSync(location.credentialsFile, 'utf8');
  await assert.rejects(finishAttempt(attempt, code, { endpoints: p.endpoints, location, log: silentLog }), (e: OAuthError) => e.kind === 'invalid_grant');
  assert.equal(fs.readFileSync(location.credentialsFile, 'utf8'), first);
});

test('a 500 from the token server is a server error and nothing changes', async (t) => {
  const { error } = await failedExchange(t, (p) => p.failNext('token', { status: 500 }));
  assert.equal(error.kind, 'server_error');
  assert.equal(error.isTransient, true);
});

test('a 429 is rate limiting, with the server’s Retry-After', async (t) => {
  const { error } = await failedExchange(t, (p) => p.failNext('token', { status: 429, retryAfterSeconds: 7 }));
  assert.equal(error.kind, 'rate_limited');
  assert.equal(error.details.retryAfterMs, 7000);
});

test('a token server that hangs past the time limit is a timeout, and nothing changes', async (t) => {
  const started = Date.now();
  const { error } = await failedExchange(t, (p) => p.failNext('token', { hang: true }), undefined, 300);
  assert.equal(error.kind, 'timeout');
  assert.ok(Date.now() - started < 5000);
});

test('a token answer that is not JSON, or lacks an access token, is a malformed response', async (t) => {
  const { error } = await failedExchange(t, (p) => p.failNext('token', { malformedJson: true }));
  assert.equal(error.kind, 'malformed_response');
  const again = await failedExchange(t, (p) => p.failNext('token', { wrongShape: true }));
  assert.equal(again.error.kind, 'malformed_response');
});

test('a profile that fails does not fail the sign-in; the plan is just unknown', async (t) => {
  const p = await provider(t);
  const { location } = setup(t);
  const attempt = startAttempt(p.endpoints, REDIRECT);
  const { code } = await p.approve(attempt.authorizeUrl);
  p.failNext('profile', { status: 500 });
  await finishAttempt(attempt, code, { endpoints: p.endpoints, location, log: silentLog });
  const login = JSON.parse(fs.readFileSync(location.credentialsFile, 'utf8')).claudeAiOauth;
  assert.equal(login.subscriptionType, null);
  assert.equal(login.accessToken, p.issuedAccessTokens.at(-1));
});

test('an unreachable server is a network error that names the host, never a token', async (t) => {
  const { location } = setup(t);
  const p = await startTestProvider();
  const endpoints = p.endpoints;
  await p.close();
  const attempt = startAttempt(endpoints, REDIRECT);
  const error = await finishAttempt(attempt, 'some-code', { endpoints, location, log: silentLog }).catch((e: OAuthError) => e);
  assert.ok(error instanceof OAuthError);
  assert.equal(error.kind, 'network');
  assert.match(error.message, /ECONNREFUSED/);
  assert.equal(fs.existsSync(path.join(location.configDir, '.credentials.json')), false);
});
