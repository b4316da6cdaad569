// Container sign-in as orchestrated by src/ui/containers/ (the rules themselves are table-tested in
// containerAutoSignIn.test.ts), against the stand-in VS Code and the real engine: a trusted container with a stored
// token signs itself in at startup; when Claude Code blanks the login the token is written back; after
// `claude /logout` it is not.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test, type TestContext } from 'node:test';
import { resolveClaudeLocation } from '../../src/credentials/location.js';
import type { Log } from '../../src/logging/log.js';
import { ANTHROPIC_ENDPOINTS } from '../../src/oauth/endpoints.js';
import { tempDir } from '../support/tempDirs.js';
import * as vscode from '../support/vscodeStandIn.js';

const TOKEN = { accessToken: 'sk-ant-oat01-container-recovery-test', expiresAt: Date.now() + 300 * 86_400_000, scopes: ['user:inference'], createdAt: Date.now() };

/** A log that lets a test wait for the line that says what happened. */
function waitingLog(): Log & { next(pattern: RegExp): Promise<string> } {
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  const write = (line: string): void => {
    lines.push(line);
    for (const waiter of [...waiters]) {
      if (waiter.pattern.test(line)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  };
  return {
    trace: write,
    debug: write,
    info: write,
    warn: write,
    error: write,
    next: (pattern) => new Promise((resolve) => waiters.push({ pattern, resolve })),
  };
}

async function trustedContainer(t: TestContext) {
  vscode.useVscodeStandIn(t);
  const workspace = vscode.workspace as unknown as Record<string, unknown>;
  Object.assign(workspace, { isTrusted: true, onDidGrantWorkspaceTrust: () => new vscode.Disposable() });
  t.after(() => {
    delete workspace.isTrusted;
    delete workspace.onDidGrantWorkspaceTrust;
  });
  const home = tempDir(t);
  const location = resolveClaudeLocation({}, home);
  const stored = new Map<string, string>([['claudeRemoteSignIn.containerToken', JSON.stringify(TOKEN)]]);
  const secrets = { get: async (key: string) => stored.get(key), store: async (key: string, value: string) => void stored.set(key, value), delete: async (key: string) => void stored.delete(key) };
  const log = waitingLog();

  /* eslint-disable @typescript-eslint/no-require-imports -- after the vscode stand-in is in place */
  const engine = require('../../src/engine/index.js') as typeof import('../../src/engine');
  const { LoginModel } = require('../../src/ui/status/loginModel.js') as typeof import('../../src/ui/status/loginModel');
  const { SignIns } = require('../../src/ui/signIn/signIns.js') as typeof import('../../src/ui/signIn/signIns');
  const { CustomServerApproval } = require('../../src/ui/signIn/customServerApproval.js') as typeof import('../../src/ui/signIn/customServerApproval');
  const { ContainerSignIns } = require('../../src/ui/containers/containerSignIns.js') as typeof import('../../src/ui/containers/containerSignIns');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const loadEngine = () => engine;
  const model = new LoginModel(log, location, loadEngine);
  const signIns = new SignIns(log, location, ANTHROPIC_ENDPOINTS, loadEngine, new CustomServerApproval(ANTHROPIC_ENDPOINTS, tempDir(t), log), model);
  const containers = new ContainerSignIns(secrets, log, location, 'dev-container', loadEngine, model, signIns);
  t.after(() => {
    for (const disposable of [containers, signIns, model]) disposable.dispose();
  });
  const credentials = () => JSON.parse(fs.readFileSync(location.credentialsFile, 'utf8')) as { claudeAiOauth?: { accessToken?: string } };
  return { location, log, model, containers, credentials };
}

test('a trusted container signs itself in with the stored token; a login Claude Code blanks gets the token back', { timeout: 60_000 }, async (t) => {
  const { location, log, model, containers, credentials } = await trustedContainer(t);
  await model.start();
  await containers.start();
  assert.equal(credentials().claudeAiOauth?.accessToken, TOKEN.accessToken, 'signed in at startup, no click');

  const writtenBack = log.next(/wrote the container token back/);
  fs.writeFileSync(location.credentialsFile, JSON.stringify({ claudeAiOauth: { ...credentials().claudeAiOauth, accessToken: '' } }), { mode: 0o600 });
  await writtenBack;
  assert.equal(credentials().claudeAiOauth?.accessToken, TOKEN.accessToken, 'the token is back in the file');
});

test('after `claude /logout` (no login, onboarding reset) the token is not put back', { timeout: 60_000 }, async (t) => {
  const { location, log, model, containers } = await trustedContainer(t);
  await model.start();
  await containers.start();

  const leftAlone = log.next(/Not putting the container token back: signed_out_in_claude/);
  fs.writeFileSync(location.globalConfigFile, JSON.stringify({ hasCompletedOnboarding: false }));
  fs.rmSync(location.credentialsFile);
  await leftAlone;
  assert.ok(!fs.existsSync(location.credentialsFile), 'the user signed out on purpose: nothing written');
});
