// CLAUDE_CONFIG_DIR is read exactly as Claude Code reads it; a value the CLI would resolve against its working
// folder (relative, `~/…`, empty) is recognised as having no one place, and nothing is written for it.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { resolveClaudeLocation, RelativeConfigDirError } from '../../src/credentials/location';
import { writeLogin } from '../../src/engine/store/credentialsFile';
import { tempDir } from '../support/tempDirs';

const HOME = '/home/dev';

test('the folder, the credentials file and the global config, as the CLI derives them', () => {
  const cases: [NodeJS.ProcessEnv, string, string, boolean][] = [
    [{}, '/home/dev/.claude', '/home/dev/.claude.json', false],
    [{ CLAUDE_CONFIG_DIR: '/data/cc' }, '/data/cc', '/data/cc/.claude.json', false],
    // No trimming: a trailing space is part of the folder's name for the CLI too.
    [{ CLAUDE_CONFIG_DIR: '/data/cc ' }, '/data/cc ', '/data/cc /.claude.json', false],
    // NFC, as the CLI normalises it (e + combining acute → é).
    [{ CLAUDE_CONFIG_DIR: '/data/cafe\u0301' }, '/data/caf\u00e9', '/data/cafe\u0301/.claude.json', false],
    // Relative values: the CLI joins them onto its working folder. `~` is not expanded; empty means the working folder.
    [{ CLAUDE_CONFIG_DIR: '.claude-local' }, '.claude-local', '.claude-local/.claude.json', true],
    [{ CLAUDE_CONFIG_DIR: '~/.claude' }, '~/.claude', '~/.claude/.claude.json', true],
    [{ CLAUDE_CONFIG_DIR: '' }, '', '/home/dev/.claude.json', true],
  ];
  for (const [env, configDir, globalConfigFile, relative] of cases) {
    const location = resolveClaudeLocation(env, HOME);
    assert.equal(location.configDir, configDir, JSON.stringify(env));
    assert.equal(location.credentialsFile, path.join(configDir, '.credentials.json'));
    assert.equal(location.globalConfigFile, globalConfigFile, JSON.stringify(env));
    assert.equal(location.configDirIsRelative, relative, JSON.stringify(env));
    assert.equal(location.fromEnvironment, env.CLAUDE_CONFIG_DIR !== undefined);
  }
});

test('an existing <configDir>/.config.json is the global config, as the CLI prefers it', (t) => {
  const dir = tempDir(t);
  fs.writeFileSync(path.join(dir, '.config.json'), '{}');
  assert.equal(resolveClaudeLocation({ CLAUDE_CONFIG_DIR: dir }, HOME).globalConfigFile, path.join(dir, '.config.json'));
});

test('a relative CLAUDE_CONFIG_DIR is never written to: no folder, no file, a named error', async (t) => {
  const cwd = tempDir(t);
  const previous = process.cwd();
  process.chdir(cwd);
  t.after(() => process.chdir(previous));
  for (const value of ['relative-config', '~/.claude', '']) {
    const location = resolveClaudeLocation({ CLAUDE_CONFIG_DIR: value }, tempDir(t));
    await assert.rejects(
      writeLogin(location, { accessToken: 'sk-ant-oat01-x', refreshToken: 'sk-ant-ort01-y', expiresAt: Date.now() + 3600_000, scopes: ['user:inference'] }),
      RelativeConfigDirError,
    );
  }
  assert.deepEqual(fs.readdirSync(cwd), [], 'nothing was created in the working folder');
});

test('CLAUDE_SECURESTORAGE_CONFIG_DIR moves the credentials file and its locks, and nothing else (2.1.332)', async (t) => {
  const root = tempDir(t);
  const secure = path.join(root, 'sec');
  const location = resolveClaudeLocation({ CLAUDE_CONFIG_DIR: path.join(root, 'cc'), CLAUDE_SECURESTORAGE_CONFIG_DIR: secure }, HOME);
  assert.equal(location.credentialsFile, path.join(secure, '.credentials.json'));
  assert.equal(location.globalConfigFile, path.join(root, 'cc', '.claude.json'));
  const empty = resolveClaudeLocation({ CLAUDE_CONFIG_DIR: '/data/cc', CLAUDE_SECURESTORAGE_CONFIG_DIR: '' }, HOME);
  assert.equal(empty.credentialsFile, '/home/dev/.claude/.credentials.json', 'set but empty: ~/.claude');

  await writeLogin(location, { accessToken: 'sk-ant-oat01-a', refreshToken: 'sk-ant-ort01-r', expiresAt: Date.now() + 3_600_000, scopes: ['user:inference'] });
  assert.equal(JSON.parse(fs.readFileSync(path.join(secure, '.credentials.json'), 'utf8')).claudeAiOauth.accessToken, 'sk-ant-oat01-a');
  assert.equal(fs.existsSync(path.join(root, 'cc', '.credentials.json')), false);
});
