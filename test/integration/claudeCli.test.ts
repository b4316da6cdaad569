// The real Claude Code CLI (pinned devDependency) reads what our store writes. Offline, temporary HOMEs only.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { resolveClaudeLocation, type ClaudeLocation } from '../../src/credentials/location';
import type { ClaudeAiOauth } from '../../src/credentials/schema';
import { readCredentials, writeLogin } from '../../src/engine/store/credentialsFile';
import { CLAUDE_CLI_VERSIONS, claudeAuthStatus, claudeBearerCheck, type ClaudeCliVersion, type ClaudeTarget } from '../support/claudeCli';
import { tempDir } from '../support/tempDirs';

const inAnHour = () => Date.now() + 60 * 60 * 1000;

const fullLogin = (n: number): ClaudeAiOauth => ({
  accessToken: `sk-ant-oat01-integration-access-${n}`,
  refreshToken: `sk-ant-ort01-integration-refresh-${n}`,
  expiresAt: inAnHour(),
  scopes: ['user:inference', 'user:profile', 'user:sessions:claude_code'],
  subscriptionType: 'max',
  rateLimitTier: 'default_claude_max_20x',
});

const longLivedLogin = (refreshToken: null | undefined): ClaudeAiOauth => ({
  accessToken: 'sk-ant-oat01-integration-long-lived',
  ...(refreshToken === null ? { refreshToken: null } : {}),
  expiresAt: Date.now() + 365 * 24 * 60 * 60 * 1000,
  scopes: ['user:inference'],
});

interface Setup {
  readonly name: string;
  make(t: Parameters<typeof tempDir>[0], cli: ClaudeCliVersion): { target: ClaudeTarget; location: ClaudeLocation };
}

const setups: Setup[] = [
  {
    name: 'HOME',
    make(t, cli) {
      const home = tempDir(t);
      return { target: { home, cli }, location: resolveClaudeLocation({}, home) };
    },
  },
  {
    name: 'CLAUDE_CONFIG_DIR',
    make(t, cli) {
      const home = tempDir(t);
      const configDir = path.join(tempDir(t), 'claude-config');
      return { target: { home, configDir, cli }, location: resolveClaudeLocation({ CLAUDE_CONFIG_DIR: configDir }, home) };
    },
  },
];

for (const cli of CLAUDE_CLI_VERSIONS)
for (const setup of setups) {
  describe(`the real CLI ${cli} reads our file (${setup.name})`, { concurrency: true }, () => {
    test('a full login: auth status logged in with subscription max; after a rewrite -p sends the new token', async (t) => {
      const { target, location } = setup.make(t, cli);
      fs.mkdirSync(location.configDir, { recursive: true });
      fs.writeFileSync(location.credentialsFile, JSON.stringify({ mcpOAuth: { s: { accessToken: 'mcp' } } }));

      await writeLogin(location, fullLogin(1));
      const status = await claudeAuthStatus(target);
      assert.equal(status.exitCode, 0, status.run.stderr);
      assert.equal(status.json?.loggedIn, true);
      assert.equal(status.json?.authMethod, 'claude.ai');
      assert.equal(status.json?.subscriptionType, 'max');

      await writeLogin(location, fullLogin(2));
      const again = await claudeAuthStatus(target);
      assert.equal(again.exitCode, 0, again.run.stderr);
      assert.equal(again.json?.loggedIn, true);

      const bearer = await claudeBearerCheck(target);
      assert.equal(bearer.run.timedOut, false);
      assert.ok(bearer.authorizations && bearer.authorizations.length > 0, `no request reached the stub: ${bearer.run.stderr}`);
      assert.ok(
        bearer.authorizations.every((h) => h === `Bearer ${fullLogin(2).accessToken}`),
        'every request carries the rewritten access token',
      );

      // The CLI left our file as it was (a 401 with a far expiry does not make it rewrite the tokens).
      const after = await readCredentials(location);
      assert.ok(after.state === 'ok');
      assert.equal(after.login?.accessToken, fullLogin(2).accessToken);
      assert.deepEqual(after.file.mcpOAuth, { s: { accessToken: 'mcp' } });
    });

    for (const refreshToken of [null, undefined]) {
      test(`a long-lived login (refreshToken ${refreshToken === null ? 'null' : 'absent'}) is accepted`, async (t) => {
        const { target, location } = setup.make(t, cli);
        const login = longLivedLogin(refreshToken);
        await writeLogin(location, login);
        const written = JSON.parse(fs.readFileSync(location.credentialsFile, 'utf8'));
        assert.equal('refreshToken' in written.claudeAiOauth, refreshToken === null);

        const status = await claudeAuthStatus(target);
        assert.equal(status.exitCode, 0, status.run.stderr);
        assert.equal(status.json?.loggedIn, true);

        const bearer = await claudeBearerCheck(target);
        assert.ok(bearer.authorizations && bearer.authorizations.length > 0, `no request reached the stub: ${bearer.run.stderr}`);
        assert.ok(bearer.authorizations.every((h) => h === `Bearer ${login.accessToken}`));
        const after = await readCredentials(location);
        assert.ok(after.state === 'ok');
        assert.deepEqual(after.login, login, 'the CLI leaves a long-lived login unchanged');
      });
    }

    test('no file: auth status says logged out (the check can fail)', async (t) => {
      const { target } = setup.make(t, cli);
      const status = await claudeAuthStatus(target);
      assert.equal(status.exitCode, 1);
      assert.equal(status.json?.loggedIn, false);
    });
  });
}

// What the CLI makes of a relative CLAUDE_CONFIG_DIR (the reason the extension refuses one): it joins the value onto
// its working folder, and `~` is not expanded — so the same variable names another folder in every terminal.
for (const cli of CLAUDE_CLI_VERSIONS)
test(`the CLI ${cli} reads a relative CLAUDE_CONFIG_DIR (also \`~/…\`) from the folder it starts in`, async (t) => {
  for (const value of ['relative-config', '~/.claude']) {
    const home = tempDir(t);
    const absolute = path.join(home, value);
    await writeLogin(resolveClaudeLocation({ CLAUDE_CONFIG_DIR: absolute }, home), fullLogin(7));
    const here = await claudeAuthStatus({ home, configDir: value, cli });
    assert.equal(here.json?.loggedIn, true, `${value}: found relative to the working folder (${here.run.stderr})`);
    assert.equal(fs.existsSync(path.join(home, '.claude', '.credentials.json')), false, 'not the expanded ~');
  }
});
