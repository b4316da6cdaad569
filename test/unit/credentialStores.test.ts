// The credential store is chosen in one place, per platform; on macOS it follows Claude Code's own order — the
// Keychain item wins, the file is the fallback when the Keychain refuses, a stale item never shadows a fresh file —
// tested over a stand-in for `security` with the real tool's exit codes and output.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { chooseCredentialStore, KeychainItemKeptError } from '../../src/credentials/credentialStore';
import { keychainServiceName } from '../../src/engine/store/keychain';
import { resolveClaudeLocation, type ClaudeLocation } from '../../src/credentials/location';
import type { ClaudeAiOauth } from '../../src/credentials/schema';
import { openCredentialStore } from '../../src/engine/store/openStore';
import { silentLog } from '../../src/logging/log';
import { refreshLogin } from '../../src/engine/refresh/refreshLogin';
import { finishAttempt, startAttempt } from '../../src/engine/signIn/attempt';
import { startTestProvider } from '../support/oauthProvider';
import { sealOverflow, securityStandIn } from '../support/securityStandIn';
import { modeOf, tempDir } from '../support/tempDirs';

const IN_AN_HOUR = Date.now() + 3_600_000;
const login = (n: number): ClaudeAiOauth => ({
  accessToken: `sk-ant-oat01-store-${n}`,
  refreshToken: `sk-ant-ort01-store-${n}`,
  expiresAt: IN_AN_HOUR,
  scopes: ['user:inference', 'user:profile'],
});
const OTHER_KEYS = { mcpOAuth: { 'srv|1': { accessToken: 'mcp-token' } }, pluginSecrets: { p: 1 } };
/**
 * One MCP server's tokens, as Claude Code keeps them: enough that the item's JSON, hex-encoded, no longer fits one
 * `security -i` line (4095 characters).
 */
const ONE_MCP_SERVER = {
  mcpOAuth: {
    'linear|4f1c2a9e8b7d6c5a': {
      serverName: 'linear',
      serverUrl: 'https://mcp.linear.app/sse',
      accessToken: `eyJhbGciOiJSUzI1NiJ9.${'x'.repeat(1600)}.sig`,
      refreshToken: `rt_${'y'.repeat(300)}`,
      expiresAt: 1_900_000_000_000,
      scope: 'read write',
    },
  },
  pluginSecrets: { 'notes@market': { apiKey: 'plugin-secret' } },
  someFutureKey: { kept: true },
};
const SERVICE = 'Claude Code-credentials';
const ITEM = `${SERVICE}|dev`;

function macStore(t: Parameters<typeof tempDir>[0], env: NodeJS.ProcessEnv = {}) {
  const home = tempDir(t);
  const location = resolveClaudeLocation(env, home);
  const security = securityStandIn();
  const store = openCredentialStore(location, { platform: 'darwin', env: { USER: 'dev', ...env }, run: security.run });
  const item = (key = ITEM) => JSON.parse(security.items.get(key) ?? 'null');
  return { home, location, security, store, item };
}

function seedFile(location: ClaudeLocation, content: object): void {
  fs.mkdirSync(location.configDir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(location.credentialsFile, JSON.stringify(content), { mode: 0o600 });
}

test('the store for each platform, as a table', () => {
  const rows: [NodeJS.Platform, string][] = [['darwin', 'keychain'], ['linux', 'file'], ['win32', 'file'], ['freebsd', 'file']];
  for (const [platform, kind] of rows) assert.equal(chooseCredentialStore(platform).kind, kind, platform);
});

describe('macOS: the Keychain store', () => {
  test('a fresh machine: the login goes into the item, as the CLI stores it; no file is left', async (t) => {
    const { location, security, store, item } = macStore(t);
    const written = await store.writeLogin(login(1));
    assert.equal(written.to, 'keychain');
    assert.deepEqual(item(), { claudeAiOauth: login(1) });
    assert.equal(fs.existsSync(location.credentialsFile), false);
    assert.deepEqual(await store.read(), { result: { state: 'ok', file: { claudeAiOauth: login(1) }, login: login(1) }, from: 'keychain', where: `Keychain: ${SERVICE}` });
    for (const argv of security.argvSeen) assert.ok(!argv.join(' ').includes('sk-ant-'), `a secret in argv: ${argv.join(' ')}`);
  });

  test('a first write moves the file into the item with every key, then removes the file — as the CLI does', async (t) => {
    const { location, store, item } = macStore(t);
    seedFile(location, { ...OTHER_KEYS, claudeAiOauth: login(0) });
    await store.writeLogin(login(1));
    assert.deepEqual(item(), { ...OTHER_KEYS, claudeAiOauth: login(1) });
    assert.equal(fs.existsSync(location.credentialsFile), false);
  });

  test('an existing item wins over the file for reads, and is the one written; its other keys are kept', async (t) => {
    const { location, security, store, item } = macStore(t);
    security.items.set(ITEM, JSON.stringify({ ...OTHER_KEYS, claudeAiOauth: login(1) }));
    seedFile(location, { claudeAiOauth: login(9) }); // an old file the item hides
    const read = await store.read();
    assert.equal(read.from, 'keychain');
    assert.ok(read.result.state === 'ok' && read.result.login?.accessToken === login(1).accessToken);
    await store.writeLogin(login(2));
    assert.deepEqual(item(), { ...OTHER_KEYS, claudeAiOauth: login(2) });
    assert.deepEqual(JSON.parse(fs.readFileSync(location.credentialsFile, 'utf8')), { claudeAiOauth: login(9) }, 'the file is not touched');
  });

  test('a locked keychain: reads and writes fall back to the file (0600); a stale item that cannot be removed is reported', async (t) => {
    const { location, security, store, item } = macStore(t);
    seedFile(location, { ...OTHER_KEYS, claudeAiOauth: login(1) });
    security.locked = true;
    assert.equal((await store.read()).from, 'file');
    const written = await store.writeLogin(login(2));
    assert.equal(written.to, 'file');
    assert.equal(written.staleKeychainItem, true, 'with the Keychain locked, nobody can tell an item is not there');
    assert.deepEqual(JSON.parse(fs.readFileSync(location.credentialsFile, 'utf8')), { ...OTHER_KEYS, claudeAiOauth: login(2) });
    assert.equal(modeOf(location.credentialsFile), 0o600);
    assert.equal(item(), null);
  });

  test('a Keychain that refuses the write: the file gets the login and the stale item is deleted, so it cannot shadow it', async (t) => {
    const { location, security, store } = macStore(t);
    security.items.set(ITEM, JSON.stringify({ claudeAiOauth: login(1) }));
    // Reads work, the write is swallowed (as `security -i` does when a command fails): the read-back tells.
    const run = security.run;
    const refusing = openCredentialStore(location, {
      platform: 'darwin',
      env: { USER: 'dev' },
      run: async (program, args, options) => (args[0] === '-i' ? { code: 0, stdout: '', stderr: 'security: SecKeychainItemModifyContent: write refused\n' } : run(program, args, options)),
    });
    const written = await refusing.writeLogin(login(2));
    assert.equal(written.to, 'file');
    assert.equal(written.staleKeychainItem, undefined);
    assert.equal(security.items.has(ITEM), false, 'the stale item is gone');
    const read = await store.read();
    assert.equal(read.from, 'file');
    assert.ok(read.result.state === 'ok' && read.result.login?.accessToken === login(2).accessToken);
  });

  test('an item too large for one `security -i` line keeps every key on a write; no file appears', async (t) => {
    const { location, security, store, item } = macStore(t);
    security.items.set(ITEM, JSON.stringify({ ...ONE_MCP_SERVER, claudeAiOauth: login(1) }));
    assert.ok(Buffer.from(security.items.get(ITEM)!).toString('hex').length > 4095, 'the item is over one line');
    const written = await store.writeLogin(login(2));
    assert.equal(written.to, 'keychain');
    assert.deepEqual(item(), { ...ONE_MCP_SERVER, claudeAiOauth: login(2) });
    assert.equal(fs.existsSync(location.credentialsFile), false, 'no secret moved into a plaintext file');
  });

  test('sign-out of an item too large for one line removes the login from the item, keeping every other key', async (t) => {
    const { location, security, store, item } = macStore(t);
    security.items.set(ITEM, JSON.stringify({ ...ONE_MCP_SERVER, claudeAiOauth: login(1) }));
    const removed = await store.removeLogin();
    assert.deepEqual(removed, { removed: true, path: `Keychain: ${SERVICE}` });
    assert.deepEqual(item(), ONE_MCP_SERVER);
    assert.equal(fs.existsSync(location.credentialsFile), false);
  });

  test('a Keychain that refuses the write: every key of the item is in the file before the item is deleted', async (t) => {
    const { location, security } = macStore(t);
    security.items.set(ITEM, JSON.stringify({ ...OTHER_KEYS, claudeAiOauth: login(1) }));
    seedFile(location, { claudeAiOauth: login(0), onlyInTheOldFile: true }); // hidden by the item
    const run = security.run;
    const refusing = openCredentialStore(location, {
      platform: 'darwin',
      env: { USER: 'dev' },
      run: async (program, args, options) => (args[0] === '-i' || args[0] === 'add-generic-password' ? { code: 0, stdout: '', stderr: '' } : run(program, args, options)),
    });
    const written = await refusing.writeLogin(login(2));
    assert.equal(written.to, 'file');
    assert.deepEqual(JSON.parse(fs.readFileSync(location.credentialsFile, 'utf8')), { ...OTHER_KEYS, claudeAiOauth: login(2) });
    assert.equal(modeOf(location.credentialsFile), 0o600);
    assert.equal(security.items.has(ITEM), false, 'the item is gone only now that its keys are in the file');
  });

  test('an item that points to overflow items it cannot read: nothing is written anywhere, and the write says so', async (t) => {
    const { location, security, store, item } = macStore(t);
    const pointing = { claudeAiOauth: login(1), keychainOverflow: { slot: 'a', key: Buffer.alloc(32, 7).toString('base64') } };
    security.items.set(ITEM, JSON.stringify(pointing));
    const refused = (kind: string) => (error: unknown) => error instanceof KeychainItemKeptError && error.refusal.kind === kind;
    await assert.rejects(store.writeLogin(login(2)), refused('overflow_unreadable'));
    await assert.rejects(store.removeLogin(), refused('overflow_unreadable'));
    assert.deepEqual(item(), pointing, 'the item is as it was');
    assert.equal(fs.existsSync(location.credentialsFile), false);
  });

  /** An item as Claude Code 2.1.332 leaves it once it outgrows one entry: login and pointer here, the rest sealed in `-overflow-b`. */
  function spill(security: ReturnType<typeof securityStandIn>, sections: object, sealedWith: 'its key' | 'another key' = 'its key') {
    const key = randomBytes(32);
    const pointing = { claudeAiOauth: login(1), keychainOverflow: { slot: 'b', key: key.toString('base64'), login: '0123456789abcdef' } };
    security.items.set(ITEM, JSON.stringify(pointing));
    security.items.set(OVERFLOW_ITEM, sealOverflow(sections, sealedWith === 'its key' ? key : randomBytes(32)));
    return pointing;
  }
  const OVERFLOW_ITEM = `${SERVICE}-overflow-b|dev`;

  test('an overflow holding only MCP and plugin secrets: the login changes in the item; pointer and overflow stay as they are', async (t) => {
    const { location, security, store, item } = macStore(t);
    const pointing = spill(security, { mcpOAuth: ONE_MCP_SERVER.mcpOAuth, pluginSecrets: ONE_MCP_SERVER.pluginSecrets, trustedDeviceToken: 't' });
    const overflow = security.items.get(OVERFLOW_ITEM);
    assert.equal((await store.read()).refusal, undefined);
    await store.writeLogin(login(2));
    assert.deepEqual(item(), { ...pointing, claudeAiOauth: login(2) });
    assert.equal(security.items.get(OVERFLOW_ITEM), overflow);
    assert.deepEqual(await store.removeLogin(), { removed: true, path: `Keychain: ${SERVICE}` });
    assert.deepEqual(item(), { keychainOverflow: pointing.keychainOverflow });
    assert.equal(security.items.get(OVERFLOW_ITEM), overflow);
    assert.equal(fs.existsSync(location.credentialsFile), false);
  });

  test('an overflow with keys kept only for this login, or one that does not decrypt: nothing is written, and a refresh spends nothing', async (t) => {
    const provider = await startTestProvider();
    t.after(() => provider.close());
    const rows: [string, object, 'its key' | 'another key', string][] = [
      ['tied to the login', { mcpOAuth: ONE_MCP_SERVER.mcpOAuth, designOauth: { accessToken: 'design-grant' } }, 'its key', 'overflow_tied_to_login'],
      ['sealed with another key', { mcpOAuth: ONE_MCP_SERVER.mcpOAuth }, 'another key', 'overflow_unreadable'],
    ];
    for (const [name, sections, sealWith, kind] of rows) {
      const { location, security, store, item } = macStore(t);
      const pointing = spill(security, sections, sealWith);
      const overflow = security.items.get(OVERFLOW_ITEM);
      const refused = (error: unknown) => error instanceof KeychainItemKeptError && error.refusal.kind === kind;
      assert.equal((await store.read()).refusal?.kind, kind, name);
      await assert.rejects(store.writeLogin(login(2)), refused, name);
      await assert.rejects(store.removeLogin(), refused, name);
      await assert.rejects(refreshLogin({ endpoints: provider.endpoints, location, store, log: silentLog }), refused, name);
      const refreshes = provider.requests.filter((request) => (request.body as { grant_type?: string } | undefined)?.grant_type === 'refresh_token');
      assert.equal(refreshes.length, 0, `${name}: no refresh token spent`);
      assert.deepEqual(item(), pointing, name);
      assert.equal(security.items.get(OVERFLOW_ITEM), overflow, name);
      assert.equal(fs.existsSync(location.credentialsFile), false, name);
    }
  });

  test('a sign-out the Keychain does not store fails loudly, leaving item and file as they were', async (t) => {
    const { location, security } = macStore(t);
    security.items.set(ITEM, JSON.stringify({ ...OTHER_KEYS, claudeAiOauth: login(1) }));
    seedFile(location, { claudeAiOauth: login(0) });
    const run = security.run;
    const refusing = openCredentialStore(location, {
      platform: 'darwin',
      env: { USER: 'dev' },
      run: async (program, args, options) => (args[0] === '-i' ? { code: 0, stdout: '', stderr: '' } : run(program, args, options)),
    });
    await assert.rejects(refusing.removeLogin(), (error: unknown) => error instanceof KeychainItemKeptError && error.refusal.kind === 'write_failed');
    assert.deepEqual(JSON.parse(security.items.get(ITEM)!), { ...OTHER_KEYS, claudeAiOauth: login(1) });
    assert.deepEqual(JSON.parse(fs.readFileSync(location.credentialsFile, 'utf8')), { claudeAiOauth: login(0) });
  });

  test('a refresh reads the item and writes the rotated pair back to the item', async (t) => {
    const provider = await startTestProvider();
    t.after(() => provider.close());
    const { location, security, store, item } = macStore(t);
    security.items.set(ITEM, JSON.stringify(OTHER_KEYS));
    const attempt = startAttempt(provider.endpoints, 'http://localhost:1234/callback');
    await finishAttempt(attempt, (await provider.approve(attempt.authorizeUrl)).code, { endpoints: provider.endpoints, location, store, log: silentLog });
    const signedIn = item().claudeAiOauth;
    assert.equal(signedIn.accessToken, provider.issuedAccessTokens.at(-1));
    const outcome = await refreshLogin({ endpoints: provider.endpoints, location, store, log: silentLog });
    assert.equal(outcome.kind, 'refreshed');
    assert.equal(item().claudeAiOauth.refreshToken, provider.issuedRefreshTokens.at(-1));
    assert.notEqual(item().claudeAiOauth.refreshToken, signedIn.refreshToken);
    assert.deepEqual(item().mcpOAuth, OTHER_KEYS.mcpOAuth);
    assert.equal(fs.existsSync(location.credentialsFile), false, 'no second copy in a file');
  });

  test('sign-out removes the login from the item (and the file), keeping every other key', async (t) => {
    const { location, security, store, item } = macStore(t);
    security.items.set(ITEM, JSON.stringify({ ...OTHER_KEYS, claudeAiOauth: login(1) }));
    seedFile(location, { claudeAiOauth: login(0), other: true });
    const removed = await store.removeLogin();
    assert.equal(removed.removed, true);
    assert.deepEqual(item(), OTHER_KEYS);
    assert.deepEqual(JSON.parse(fs.readFileSync(location.credentialsFile, 'utf8')), { other: true });
  });

  test('with CLAUDE_CONFIG_DIR the item is the CLI’s suffixed one', async (t) => {
    const configDir = path.join(tempDir(t), 'cc');
    const { store, item } = macStore(t, { CLAUDE_CONFIG_DIR: configDir });
    await store.writeLogin(login(1));
    assert.deepEqual(item(`${keychainServiceName(configDir)}|dev`), { claudeAiOauth: login(1) });
    assert.match(keychainServiceName(configDir), /^Claude Code-credentials-[0-9a-f]{8}$/);
  });
});

test('elsewhere the file store is used, and `security` is never run', async (t) => {
  const location = resolveClaudeLocation({}, tempDir(t));
  const security = securityStandIn();
  const store = openCredentialStore(location, { platform: 'linux', env: {}, run: security.run });
  await store.writeLogin(login(1));
  assert.equal((await store.read()).from, 'file');
  assert.deepEqual(security.argvSeen, []);
});
