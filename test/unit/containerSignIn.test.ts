// A container window as MachineSignIns sees it (ui/containers/machineSignIns.ts): the real credentials file and its watcher,
// the real engine's writes, secret storage in memory (slow when a test says so: in a remote window every read is a
// round trip to the user's side), and the vscode stand-in for trust, folders and messages. What the tests check is
// what the user would see: the file's contents, the messages, and whether the container token left secret storage.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test, type TestContext } from 'node:test';
import type * as Engine from '../../src/engine';
import { resolveClaudeLocation, type ClaudeLocation } from '../../src/credentials/location.js';
import { CONTAINER_TOKEN_SECRET, loginFromContainerToken, storeContainerToken, type ContainerToken, type SecretStore } from '../../src/machines/containerToken.js';
import type { LoginSnapshot } from '../../src/login/loginMonitor';
import type { ContainerController } from '../../src/ui/containers/machineSignIns';
import { tempDir } from '../support/tempDirs.js';
import * as vscode from '../support/vscodeStandIn.js';

const DAY = 24 * 3_600_000;
const TOKEN: ContainerToken = { accessToken: 'sk-ant-oat01-container-token', expiresAt: Date.now() + 365 * DAY, scopes: ['user:inference'], createdAt: Date.now() };

const RESTRICTED_OFFER = /This folder is in Restricted Mode, so Claude Code was not signed in here/;
const RENEWAL_OFFER = /dropped the container token again right after it was written back/;
const INSIDE_WORKSPACE = /inside the workspace folder/;
const INSIDE_GIT = /inside the git working tree/;

/** Secret storage (the container token kept in it as a sign-in keeps it); remembers which keys were asked for; answers after `latencyMs`. */
class SecretsOnTheUsersSide implements SecretStore {
  readonly asked: string[] = [];
  latencyMs = 0;
  private readonly values = new Map<string, string>();
  async get(key: string): Promise<string | undefined> {
    this.asked.push(key);
    if (this.latencyMs) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    return this.values.get(key);
  }
  async store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
  }
  async delete(key: string): Promise<void> {
    this.values.delete(key);
  }
  get tokenWasRead(): boolean {
    return this.asked.includes(CONTAINER_TOKEN_SECRET);
  }
}

interface ContainerWindow {
  readonly location: ClaudeLocation;
  readonly secrets: SecretsOnTheUsersSide;
  readonly machines: import('../../src/ui/containers/machineSignIns').MachineSignIns;
  /** What the controller was asked to sign in as (a click on an offer). */
  readonly signIns: string[];
  /** The extension's log lines: only to know when a step is done, never what is asserted. */
  readonly log: string[];
  /** The window opens: the login is read and watched, then the container startup runs. */
  open(): Promise<void>;
}

function containerWindow(
  t: TestContext,
  options: { trusted?: boolean; token?: ContainerToken; home?: string; configDir?: string; folders?: string[] } = {},
): ContainerWindow {
  vscode.useVscodeStandIn(t);
  vscode.workspace.isTrusted = options.trusted ?? true;
  vscode.workspace.workspaceFolders = options.folders?.map((fsPath) => ({ uri: { scheme: 'file', fsPath } }));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- after the vscode stand-in is in place, or the module object itself
  const { MachineSignIns } = require('../../src/ui/containers/machineSignIns.js') as typeof import('../../src/ui/containers/machineSignIns');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- after the vscode stand-in is in place, or the module object itself
  const { LoginMonitor } = require('../../src/login/loginMonitor.js') as typeof import('../../src/login/loginMonitor');
  const home = options.home ?? tempDir(t);
  const configDir = options.configDir ?? path.join(home, '.claude-config');
  fs.mkdirSync(configDir, { recursive: true, mode: 0o700 });
  const location = resolveClaudeLocation({ CLAUDE_CONFIG_DIR: configDir }, home);
  fs.writeFileSync(location.globalConfigFile, JSON.stringify({ hasCompletedOnboarding: true }));
  const secrets = new SecretsOnTheUsersSide();
  const token = 'token' in options ? options.token : TOKEN;
  const changed = new vscode.EventEmitter<LoginSnapshot>();
  const monitor = new LoginMonitor(location, (snapshot) => changed.fire(snapshot));
  const signIns: string[] = [];
  const controller: ContainerController = {
    onDidChange: changed.event,
    reload: () => monitor.reload(),
    get snapshotNow() {
      return monitor.snapshot;
    },
    signIn: async (kind = 'full') => void signIns.push(kind),
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- after the vscode stand-in is in place, or the module object itself
  const loadEngine = () => require('../../src/engine/index.js') as typeof Engine;
  const log: string[] = [];
  const record = (line: string) => void log.push(line);
  const machines = new MachineSignIns(secrets, { trace: record, debug: record, info: record, warn: record, error: record }, location, 'dev-container', loadEngine, 'test-container');
  t.after(() => {
    machines.dispose();
    monitor.dispose();
  });
  return {
    location,
    secrets,
    machines,
    signIns,
    log,
    open: async () => {
      if (token) await storeContainerToken(secrets, token);
      await monitor.start();
      await machines.onContainerStartup(controller);
    },
  };
}

function writeCredentials(file: string, json: unknown): void {
  fs.writeFileSync(file, JSON.stringify(json), { mode: 0o600 });
}

/** The access token in `file`, `undefined` when there is no file or no login. */
function accessTokenIn(file: string): string | undefined {
  if (!fs.existsSync(file)) return undefined;
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { claudeAiOauth?: { accessToken?: string } }).claudeAiOauth?.accessToken;
}

/** What newer CLIs leave after the server refused the login: tokens blanked, `expiresAt: 0`, written in place. */
function blankLikeTheCli(file: string): void {
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  json.claudeAiOauth = { ...json.claudeAiOauth, accessToken: '', refreshToken: '', expiresAt: 0 };
  fs.writeFileSync(file, JSON.stringify(json));
}

const shown = (pattern: RegExp): boolean => vscode.recorded.messages.some((message) => pattern.test(message.text));

/** Waits for `condition` (checked as things happen); on timeout, fails with what `observed` reports then. */
async function waitFor(what: string, condition: () => boolean, observed: () => string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; observed: ${observed()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const describeFile = (file: string) => () => {
  const token = accessTokenIn(file);
  return `${path.basename(file)} holds ${token === undefined ? 'no login' : token === '' ? 'a blank login' : token === TOKEN.accessToken ? 'the container token' : 'another token'}; messages: ${JSON.stringify(vscode.recorded.messages.map((m) => m.text.slice(0, 60)))}`;
};

// ---- Recovery runs once per change, on what is on disk now -------------------------------------------------------

test('a deleted login comes back once: a blank Claude Code writes right after stays, and the renewal is offered', async (t) => {
  const window = containerWindow(t);
  const file = window.location.credentialsFile;
  writeCredentials(file, { claudeAiOauth: loginFromContainerToken(TOKEN) });
  await window.open();
  // From here on secret storage answers slowly, as on a loaded machine: the watcher's events outpace a recovery.
  window.secrets.latencyMs = 2_500;
  fs.rmSync(file);
  await waitFor('the token written back', () => accessTokenIn(file) === TOKEN.accessToken, describeFile(file));
  blankLikeTheCli(file);
  await waitFor('the offer to renew', () => shown(RENEWAL_OFFER), describeFile(file), 20_000);
  assert.equal(accessTokenIn(file), '', 'the blank Claude Code wrote after the write-back is not overwritten');
});

test('a login Claude Code writes while a recovery waits for secret storage is not overwritten', async (t) => {
  const window = containerWindow(t);
  const file = window.location.credentialsFile;
  writeCredentials(file, { claudeAiOauth: loginFromContainerToken(TOKEN) });
  await window.open();
  window.secrets.latencyMs = 2_000;
  const askedBefore = window.secrets.asked.length;
  fs.rmSync(file);
  await waitFor('the recovery asking secret storage', () => window.secrets.asked.length > askedBefore, describeFile(file));
  // Meanwhile the user runs `claude /login` in the container's terminal.
  const fullLogin = { accessToken: 'sk-ant-oat01-full-login', refreshToken: 'sk-ant-ort01-full-login', expiresAt: Date.now() + 3_600_000, scopes: ['user:inference', 'user:profile'] };
  writeCredentials(file, { claudeAiOauth: fullLogin });
  await waitFor('the recovery to finish', () => window.log.some((line) => /wrote the container token back|Not written/.test(line)), describeFile(file));
  assert.equal(accessTokenIn(file), fullLogin.accessToken, 'the login Claude Code wrote is kept');
});

test('an offer nobody answers does not stop later recoveries', async (t) => {
  const window = containerWindow(t);
  const file = window.location.credentialsFile;
  writeCredentials(file, { claudeAiOauth: loginFromContainerToken(TOKEN) });
  vscode.user.answer = () => new Promise(() => undefined); // every notification stays open
  await window.open();
  blankLikeTheCli(file);
  await waitFor('the first write-back', () => accessTokenIn(file) === TOKEN.accessToken, describeFile(file));
  blankLikeTheCli(file);
  await waitFor('the offer to renew', () => shown(RENEWAL_OFFER), describeFile(file));
  // The user renews through the command instead (the offer stays open): the new token is kept and watched.
  const renewed: ContainerToken = { ...TOKEN, accessToken: 'sk-ant-oat01-renewed-token' };
  writeCredentials(file, { claudeAiOauth: loginFromContainerToken(renewed) });
  await window.machines.signedIn({ login: loginFromContainerToken(renewed), credentialsFile: file }, 'container-token');
  fs.rmSync(file);
  await waitFor('the renewed token written back', () => accessTokenIn(file) === renewed.accessToken, describeFile(file));
});

// ---- The container token never reaches an untrusted window ---------------------------------------------------------

test('in Restricted Mode a container start never asks secret storage for the container token', async (t) => {
  for (const [name, loginOnDisk] of [
    ['not signed in', undefined],
    ['already signed in with the container token', loginFromContainerToken(TOKEN)],
  ] as const) {
    await t.test(name, async (t) => {
      const window = containerWindow(t, { trusted: false });
      if (loginOnDisk) writeCredentials(window.location.credentialsFile, { claudeAiOauth: loginOnDisk });
      await window.open();
      if (!loginOnDisk) assert.ok(shown(RESTRICTED_OFFER), 'the Restricted Mode offer is shown');
      assert.deepEqual(window.secrets.asked.filter((key) => key === CONTAINER_TOKEN_SECRET), [], 'the container token was not read');
      // Trusting the folder is what lets the token in.
      vscode.grantWorkspaceTrust();
      await waitFor('the token read once trusted', () => window.secrets.tokenWasRead, describeFile(window.location.credentialsFile));
      await waitFor('the token in the file', () => accessTokenIn(window.location.credentialsFile) === TOKEN.accessToken, describeFile(window.location.credentialsFile));
    });
  }
});

test('in Restricted Mode the token is read only when the user chooses it there', async (t) => {
  const window = containerWindow(t, { trusted: false });
  vscode.user.answer = async (text, choices) => (RESTRICTED_OFFER.test(text) ? choices.find((c) => c === 'Use the Container Token Here') : undefined);
  await window.open();
  assert.equal(accessTokenIn(window.location.credentialsFile), TOKEN.accessToken, 'written on the user’s choice');
  assert.equal(window.secrets.tokenWasRead, true);
});

// ---- Never into the source tree, not even through a symlink -------------------------------------------------------

test('a .credentials.json that links into the source tree is not written by itself, and the message says where', async (t) => {
  const cases: [string, (home: string, checkout: string) => { configDir: string; folders: string[]; target: string }, RegExp][] = [
    [
      'a dangling link into the open folder (a postCreateCommand links it to survive rebuilds)',
      (home, checkout) => {
        const configDir = path.join(home, '.claude');
        fs.mkdirSync(configDir, { mode: 0o700 });
        const target = path.join(checkout, '.devcontainer', 'claude', 'credentials.json');
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.symlinkSync(target, path.join(configDir, '.credentials.json'));
        return { configDir, folders: [checkout], target };
      },
      INSIDE_WORKSPACE,
    ],
    [
      'a link into a git tree that is not open (GNU stow of a dotfiles repository)',
      (home) => {
        const dotfiles = path.join(home, 'dotfiles');
        fs.mkdirSync(path.join(dotfiles, '.git'), { recursive: true });
        fs.mkdirSync(path.join(dotfiles, 'claude', '.claude'), { recursive: true });
        const target = path.join(dotfiles, 'claude', '.claude', '.credentials.json');
        writeCredentials(target, {});
        const configDir = path.join(home, '.claude');
        fs.mkdirSync(configDir, { mode: 0o700 });
        fs.symlinkSync(path.relative(configDir, target), path.join(configDir, '.credentials.json'));
        return { configDir, folders: [], target };
      },
      INSIDE_GIT,
    ],
    [
      'a link to a folder that is itself a link into the checkout',
      (home, checkout) => {
        fs.mkdirSync(path.join(checkout, '.cache'), { recursive: true });
        fs.symlinkSync(path.join(checkout, '.cache'), path.join(home, 'cache'));
        const configDir = path.join(home, '.claude');
        fs.mkdirSync(configDir, { mode: 0o700 });
        fs.symlinkSync(path.join(home, 'cache', 'credentials.json'), path.join(configDir, '.credentials.json'));
        return { configDir, folders: [checkout], target: path.join(checkout, '.cache', 'credentials.json') };
      },
      INSIDE_WORKSPACE,
    ],
  ];
  for (const [name, arrange, warning] of cases) {
    await t.test(name, async (t) => {
      const home = tempDir(t);
      const checkout = tempDir(t);
      const { configDir, folders, target } = arrange(home, checkout);
      const window = containerWindow(t, { home, configDir, folders });
      await window.open();
      assert.notEqual(accessTokenIn(target), TOKEN.accessToken, `the token did not land in ${target}`);
      assert.ok(shown(warning), `the warning names the source tree; messages: ${JSON.stringify(vscode.recorded.messages)}`);
    });
  }
});

test('the link, where it ends and the folder are shown as typed, never as a link', async (t) => {
  // VS Code 1.100's notification link rule (src/vs/base/common/linkedText.ts), as test/unit/untrustedText.test.ts has it.
  const notificationLink = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
  const home = tempDir(t);
  const checkout = path.join(tempDir(t), '[x](command:workbench.action.terminal.new)');
  fs.mkdirSync(path.join(checkout, '.cc'), { recursive: true });
  const configDir = path.join(home, '.claude');
  fs.mkdirSync(configDir, { mode: 0o700 });
  fs.symlinkSync(path.join(checkout, '.cc', 'credentials.json'), path.join(configDir, '.credentials.json'));
  const window = containerWindow(t, { home, configDir, folders: [checkout] });
  await window.open();
  const warning = vscode.recorded.messages.find((message) => INSIDE_WORKSPACE.test(message.text))?.text ?? '';
  assert.deepEqual([...warning.matchAll(notificationLink)].map((link) => link[0]), [], `a link in: ${warning}`);
  assert.ok(warning.replace(/\u2060/g, '').includes(path.join(checkout, '.cc', 'credentials.json')), `the target as typed in: ${warning}`);
});
