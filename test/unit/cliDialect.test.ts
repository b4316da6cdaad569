// Speaking today's Claude Code (2.1.332) exactly, asserted against the local OAuth provider and on the file the CLI
// reads: the scopes a sign-in and a refresh ask for, the entry a new sign-in writes over a dead login, and what
// each way a login ends leaves behind. The expected values are the CLI's, as read from its binary
// (docs/claude-code-facts.md), spelled out here on purpose: a test that imported our own lists could not fail.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { resolveClaudeLocation } from '../../src/credentials/location.js';
import { OAuthError } from '../../src/oauth/errors.js';
import { refreshLogin } from '../../src/engine/refresh/refreshLogin.js';
import { finishAttempt, startAttempt } from '../../src/engine/signIn/attempt.js';
import { silentLog } from '../../src/logging/log.js';
import { startTestProvider } from '../support/oauthProvider.js';
import type { TestProviderOptions } from '../support/oauthProvider/types.js';
import { tempDir } from '../support/tempDirs.js';

type T = Parameters<typeof tempDir>[0];
const REDIRECT = 'http://localhost:54545/callback';
const DAY = 86_400_000;

/** `claude auth login` of Claude Code 2.1.332 (claude.ai), in its order. */
const CLI_LOGIN_SCOPES = [
  'org:create_api_key',
  'user:profile',
  'user:inference',
  'user:sessions:claude_code',
  'user:mcp_servers',
  'user:file_upload',
  'user:plugins',
  'user:privacy_consents:write',
  'org:desktop_config',
];
/** What 2.1.112 and our 0.1.0 asked for. */
const OLD_LOGIN_SCOPES = CLI_LOGIN_SCOPES.slice(0, 6);

async function setup(t: T, options: TestProviderOptions = {}) {
  const provider = await startTestProvider(options);
  t.after(() => provider.close());
  const location = resolveClaudeLocation({}, tempDir(t));
  fs.mkdirSync(location.configDir, { recursive: true, mode: 0o700 });
  const read = () => JSON.parse(fs.readFileSync(location.credentialsFile, 'utf8'));
  const write = (file: unknown) => fs.writeFileSync(location.credentialsFile, JSON.stringify(file), { mode: 0o600 });
  const signIn = async (scopes?: readonly string[]) => {
    const attempt = startAttempt(provider.endpoints, REDIRECT, scopes ? { scopes } : {});
    const { code } = await provider.approve(attempt.authorizeUrl);
    return finishAttempt(attempt, code, { endpoints: provider.endpoints, location, log: silentLog });
  };
  const refresh = () => refreshLogin({ endpoints: provider.endpoints, location, log: silentLog });
  const refreshBodies = () =>
    provider.requests
      .filter((r) => r.path === '/v1/oauth/token' && (r.body as Record<string, unknown>)?.grant_type === 'refresh_token')
      .map((r) => r.body as Record<string, string>);
  return { provider, location, read, write, signIn, refresh, refreshBodies };
}

test('a sign-in asks for the nine scopes of Claude Code 2.1.332, in its order, org:desktop_config last', async (t) => {
  const { provider, signIn, read } = await setup(t);
  await signIn();
  assert.deepEqual(provider.authorizeRequests.at(-1)?.scope.split(' '), CLI_LOGIN_SCOPES);
  assert.deepEqual(read().claudeAiOauth.scopes, CLI_LOGIN_SCOPES);
});

test('a refresh asks for the CLI’s refresh scope: never org:create_api_key or org:desktop_config', async (t) => {
  const { signIn, refresh, refreshBodies } = await setup(t);
  await signIn();
  assert.equal((await refresh()).kind, 'refreshed');
  assert.equal(
    refreshBodies().at(-1)?.scope,
    'user:profile user:inference user:sessions:claude_code user:mcp_servers user:file_upload user:plugins user:privacy_consents:write',
  );
});

test('a refresh keeps the held projects scopes, in the CLI’s order', async (t) => {
  const { signIn, refresh, refreshBodies } = await setup(t);
  await signIn(['user:projects:write', ...OLD_LOGIN_SCOPES, 'user:projects:read', 'user:plugins']);
  assert.equal((await refresh()).kind, 'refreshed');
  assert.equal(
    refreshBodies().at(-1)?.scope,
    'user:profile user:inference user:sessions:claude_code user:mcp_servers user:file_upload user:plugins user:projects:read user:projects:write',
  );
});

test('invalid_scope on a refresh: one retry with the stored scopes, verbatim', async (t) => {
  const { signIn, refresh, refreshBodies, read } = await setup(t);
  // A login of 0.1.0 / CLI 2.1.112: granted without user:plugins, which the computed list asks for.
  await signIn(OLD_LOGIN_SCOPES);
  assert.equal((await refresh()).kind, 'refreshed');
  const scopes = refreshBodies().map((body) => body.scope);
  assert.deepEqual(scopes, [
    'user:profile user:inference user:sessions:claude_code user:mcp_servers user:file_upload user:plugins',
    OLD_LOGIN_SCOPES.join(' '),
  ]);
  assert.deepEqual(read().claudeAiOauth.scopes, OLD_LOGIN_SCOPES);
});

test('an entry with its own clientId refreshes with that client and its stored scopes, and keeps the clientId', async (t) => {
  const { signIn, refresh, refreshBodies, read, write } = await setup(t, { otherClientIds: ['special-client'] });
  await signIn();
  const file = read();
  write({ ...file, claudeAiOauth: { ...file.claudeAiOauth, clientId: 'special-client' } });
  assert.equal((await refresh()).kind, 'refreshed');
  assert.equal(refreshBodies().at(-1)?.client_id, 'special-client');
  assert.equal(refreshBodies().at(-1)?.scope, CLI_LOGIN_SCOPES.join(' '));
  assert.equal(read().claudeAiOauth.clientId, 'special-client');
});

test('invalid_client on a refresh is a failure that writes nothing and does not ask for a new sign-in', async (t) => {
  const { signIn, refresh, refreshBodies, read, write, location } = await setup(t);
  await signIn();
  const file = read();
  write({ ...file, claudeAiOauth: { ...file.claudeAiOauth, clientId: 'a-client-the-server-does-not-know' } });
  const before = fs.readFileSync(location.credentialsFile, 'utf8');
  await assert.rejects(refresh(), (e: OAuthError) => e instanceof OAuthError && e.details.error === 'invalid_client' && e.kind === 'rejected');
  assert.equal(refreshBodies().at(-1)?.client_id, 'a-client-the-server-does-not-know');
  assert.equal(fs.readFileSync(location.credentialsFile, 'utf8'), before);
});

/** What Claude Code 2.1.332 leaves after a login ran out, with the keys a new sign-in removes and keeps. */
function deadLoginFile(now: number) {
  return {
    claudeAiOauth: {
      accessToken: '',
      refreshToken: '',
      expiresAt: 0,
      refreshTokenExpiresAt: now - DAY,
      scopes: OLD_LOGIN_SCOPES,
      subscriptionType: 'team',
      subscriptionTypeSource: 'profile',
      subscriptionTypeVerifiedAt: now - 40 * DAY,
      rateLimitTier: 'default_claude_team',
      clientId: 'a-stale-client',
      accountUuid: 'old-account',
      organizationUuid: 'old-org',
      loginEnded: 'time_limit',
      someFutureField: 1,
    },
    organizationUuid: 'old-org',
    trustedDeviceToken: 'old-device',
    hybridOauth: { accessToken: 'old' },
    designOauth: { accessToken: 'old' },
    mcpOAuth: { server: { accessToken: 'mcp' } },
    pluginSecrets: { p: 1 },
    somethingNew: [1, 2],
  };
}

test('a sign-in over a dead login starts a clean entry and drops what the CLI drops at sign-in', async (t) => {
  const { signIn, read, write } = await setup(t);
  const now = Date.now();
  write(deadLoginFile(now));
  await signIn();
  const file = read();
  const login = file.claudeAiOauth;
  for (const stale of ['loginEnded', 'subscriptionTypeVerifiedAt', 'clientId', 'someFutureField']) {
    assert.equal(stale in login, false, `${stale} survived the new sign-in`);
  }
  assert.notEqual(login.accountUuid, 'old-account');
  assert.equal(login.subscriptionType, 'max');
  assert.ok(login.refreshTokenExpiresAt >= now + 30 * DAY - 60_000, 'the CLI’s 30-day default when the server sends none');
  for (const gone of ['organizationUuid', 'trustedDeviceToken', 'hybridOauth', 'designOauth']) {
    assert.equal(gone in file, false, `${gone} survived the new sign-in`);
  }
  assert.deepEqual(file.mcpOAuth, { server: { accessToken: 'mcp' } });
  assert.deepEqual(file.pluginSecrets, { p: 1 });
  assert.deepEqual(file.somethingNew, [1, 2]);
});

test('a refresh keeps the entry’s own fields and never extends refreshTokenExpiresAt', async (t) => {
  const { signIn, refresh, read, write } = await setup(t, { refreshTokenLifetimeSeconds: 30 * 86_400 });
  await signIn();
  const file = read();
  const endsAt = Date.now() + 5 * DAY;
  write({ ...file, claudeAiOauth: { ...file.claudeAiOauth, refreshTokenExpiresAt: endsAt, subscriptionTypeVerifiedAt: 1_760_000_000_000 } });
  assert.equal((await refresh()).kind, 'refreshed');
  const login = read().claudeAiOauth;
  assert.equal(login.refreshTokenExpiresAt, endsAt);
  assert.equal(login.subscriptionTypeVerifiedAt, 1_760_000_000_000);
});

test('"Refresh token expired": the CLI’s time-limit blanking, compare-and-swap on the refresh token', async (t) => {
  let clock = Date.now();
  const { signIn, refresh, read } = await setup(t, { refreshTokenLifetimeSeconds: 86_400, now: () => clock });
  await signIn();
  const before = read();
  clock += 2 * DAY;
  const outcome = await refresh();
  assert.deepEqual(outcome, { kind: 'sign_in_again', refusedRefreshToken: before.claudeAiOauth.refreshToken, ended: 'time_limit' });
  const after = read();
  assert.deepEqual(after.claudeAiOauth, { ...before.claudeAiOauth, accessToken: '', refreshToken: '', expiresAt: 0, loginEnded: 'time_limit' });
});

test('a used or revoked refresh token: blanked, no loginEnded', async (t) => {
  const { provider, signIn, refresh, read } = await setup(t);
  await signIn();
  const before = read();
  provider.revokeRefreshToken(before.claudeAiOauth.refreshToken);
  const outcome = await refresh();
  assert.equal(outcome.kind, 'sign_in_again');
  assert.deepEqual(read().claudeAiOauth, { ...before.claudeAiOauth, accessToken: '', refreshToken: '', expiresAt: 0 });
});

for (const [name, errorUri, expected] of [
  ['an appeal page on claude.ai', 'https://claude.ai/restricted?ref=TS-0b7c6f0e-1111-4222-8333-944445555666', 'https://claude.ai/restricted?ref=TS-0b7c6f0e-1111-4222-8333-944445555666'],
  ['an address elsewhere', 'https://evil.example/appeal', 'https://claude.ai/restricted'],
  ['no address', undefined, 'https://claude.ai/restricted'],
] as const) {
  test(`account_on_hold with ${name}: nothing written, the CLI’s appeal address`, async (t) => {
    const { provider, signIn, refresh, location } = await setup(t);
    await signIn();
    const before = fs.readFileSync(location.credentialsFile, 'utf8');
    provider.failNext('token', { status: 403, body: { error: 'invalid_grant', error_description: 'account_on_hold', ...(errorUri ? { error_uri: errorUri } : {}) } });
    const outcome = await refresh();
    assert.deepEqual(outcome, { kind: 'account_on_hold', appealUrl: expected });
    assert.equal(fs.readFileSync(location.credentialsFile, 'utf8'), before);
  });
}


test('the Keychain item’s name: CLAUDE_SECURESTORAGE_CONFIG_DIR decides the suffix; an odd $USER becomes claude-code-user', async () => {
  const { keychainAccountName, keychainServiceFor } = await import('../../src/engine/store/keychain.js');
  const { createHash } = await import('node:crypto');
  const hashed = (value: string) => `Claude Code-credentials-${createHash('sha256').update(value).digest('hex').slice(0, 8)}`;
  assert.equal(keychainServiceFor({}), 'Claude Code-credentials');
  assert.equal(keychainServiceFor({ CLAUDE_CONFIG_DIR: '/data/cc' }), hashed('/data/cc'));
  assert.equal(keychainServiceFor({ CLAUDE_CONFIG_DIR: '/data/cc', CLAUDE_SECURESTORAGE_CONFIG_DIR: '/data/sec' }), hashed('/data/sec'));
  assert.equal(keychainServiceFor({ CLAUDE_CONFIG_DIR: '/data/cc', CLAUDE_SECURESTORAGE_CONFIG_DIR: '' }), 'Claude Code-credentials');
  assert.equal(keychainAccountName({ USER: 'dev.one_2-x' }), 'dev.one_2-x');
  assert.equal(keychainAccountName({ USER: 'DOMAIN\\dev' }), 'claude-code-user');
  assert.equal(keychainAccountName({ USER: 'jürgen' }), 'claude-code-user');
});
