// Which credential Claude Code uses here: the sign-in, or something that wins over it — every variable and every
// settings source, with the CLI's own rules (empty is unset; switches are "1", "true", "yes", "on").
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { filesWithApiKeyHelper, managedSettingsDir, settingsFiles } from '../../src/credentials/claudeSettings';
import { resolveClaudeLocation } from '../../src/credentials/location';
import { credentialInUse, credentialsInUse, THIRD_PARTY_SWITCHES } from '../../src/credentials/whichCredential';
import { tempDir } from '../support/tempDirs';

const KEY = 'sk-ant-api03-0123456789abcdefghijklmnopqrstuvwxyz';

test('nothing set: the login is what counts', () => {
  assert.deepEqual(credentialInUse({ env: {} }), { kind: 'login' });
  assert.deepEqual(credentialInUse({ env: { ANTHROPIC_API_KEY: '', ANTHROPIC_AUTH_TOKEN: '', CLAUDE_CODE_OAUTH_TOKEN: '', CLAUDE_CODE_USE_BEDROCK: '0' } }), { kind: 'login' });
});

test('each source alone wins over the login', () => {
  for (const variable of THIRD_PARTY_SWITCHES) {
    for (const value of ['1', 'true', 'YES', ' on ']) {
      assert.deepEqual(credentialInUse({ env: { [variable]: value } }), { kind: 'third_party', variable }, `${variable}=${value}`);
    }
    assert.deepEqual(credentialInUse({ env: { [variable]: 'false' } }), { kind: 'login' });
  }
  assert.deepEqual(credentialInUse({ env: { ANTHROPIC_API_KEY: KEY } }), { kind: 'api_key', variable: 'ANTHROPIC_API_KEY', approved: false });
  assert.deepEqual(credentialInUse({ env: { ANTHROPIC_API_KEY: KEY }, approvedApiKeySuffixes: [KEY.slice(-20)] }), { kind: 'api_key', variable: 'ANTHROPIC_API_KEY', approved: true });
  assert.deepEqual(credentialInUse({ env: { ANTHROPIC_AUTH_TOKEN: 'x' } }), { kind: 'auth_token', variable: 'ANTHROPIC_AUTH_TOKEN' });
  assert.deepEqual(credentialInUse({ env: {}, apiKeyHelperFiles: ['/p/.claude/settings.json'] }), { kind: 'api_key_helper', settingsFile: '/p/.claude/settings.json' });
  assert.deepEqual(credentialInUse({ env: { CLAUDE_CODE_OAUTH_TOKEN: 'sk-ant-oat01-x' } }), { kind: 'oauth_token', variable: 'CLAUDE_CODE_OAUTH_TOKEN' });
});

test('together: a provider switch first, then the key, the auth token, an apiKeyHelper, the OAuth token', () => {
  const everything = {
    env: { CLAUDE_CODE_USE_VERTEX: '1', ANTHROPIC_API_KEY: KEY, ANTHROPIC_AUTH_TOKEN: 'x', CLAUDE_CODE_OAUTH_TOKEN: 'y' },
    apiKeyHelperFiles: ['/etc/claude-code/managed-settings.json', '/home/dev/.claude/settings.json'],
  };
  assert.deepEqual(
    credentialsInUse(everything).map((c) => c.kind),
    ['third_party', 'api_key', 'auth_token', 'api_key_helper', 'oauth_token'],
  );
  assert.deepEqual(credentialInUse({ ...everything, env: { ...everything.env, CLAUDE_CODE_USE_VERTEX: '' } }).kind, 'api_key');
  assert.deepEqual(credentialInUse({ env: { ANTHROPIC_AUTH_TOKEN: 'x', CLAUDE_CODE_OAUTH_TOKEN: 'y' } }).kind, 'auth_token');
  // The most important settings file is named.
  assert.deepEqual(credentialInUse({ env: {}, apiKeyHelperFiles: everything.apiKeyHelperFiles }), { kind: 'api_key_helper', settingsFile: '/etc/claude-code/managed-settings.json' });
});

test('no value ever appears in what is reported', () => {
  const report = JSON.stringify(credentialsInUse({ env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_AUTH_TOKEN: 'secret-auth-token', CLAUDE_CODE_OAUTH_TOKEN: 'secret-oauth' } }));
  for (const secret of [KEY, 'secret-auth-token', 'secret-oauth']) assert.ok(!report.includes(secret));
});

test('settings files in the CLI’s order of importance, per platform; those with an apiKeyHelper are found', async (t) => {
  assert.equal(managedSettingsDir('linux'), '/etc/claude-code');
  assert.equal(managedSettingsDir('darwin'), '/Library/Application Support/ClaudeCode');
  assert.equal(managedSettingsDir('win32'), 'C:\\Program Files\\ClaudeCode');
  const home = tempDir(t);
  const project = tempDir(t);
  const location = resolveClaudeLocation({}, home);
  const files = await settingsFiles(location, [project], 'linux');
  assert.deepEqual(files, [
    '/etc/claude-code/managed-settings.json',
    path.join(project, '.claude', 'settings.local.json'),
    path.join(project, '.claude', 'settings.json'),
    path.join(home, '.claude', 'settings.json'),
  ]);
  assert.equal((await settingsFiles(location, [], 'win32'))[0], 'C:\\Program Files\\ClaudeCode\\managed-settings.json');

  fs.mkdirSync(path.join(project, '.claude'), { recursive: true });
  fs.mkdirSync(location.configDir, { recursive: true });
  fs.writeFileSync(path.join(project, '.claude', 'settings.json'), JSON.stringify({ apiKeyHelper: '~/bin/get-key.sh' }));
  fs.writeFileSync(path.join(project, '.claude', 'settings.local.json'), '{ not json');
  fs.writeFileSync(path.join(location.configDir, 'settings.json'), JSON.stringify({ apiKeyHelper: '', model: 'opus' }));
  assert.deepEqual(await filesWithApiKeyHelper(files), [path.join(project, '.claude', 'settings.json')]);
});
