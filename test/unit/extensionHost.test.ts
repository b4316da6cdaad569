// The right machine: a copy of the extension that VS Code placed in the local (UI) host of a remote window never
// reads or writes Claude files there — it says why and offers the install on the remote; a local window works.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test, type TestContext } from 'node:test';
import { hostPlacement } from '../../src/machines/extensionHost';
import { tempDir } from '../support/tempDirs';
import * as vscode from '../support/vscodeStandIn';

test('the placement rule, as a table', () => {
  const rows: [string | undefined, boolean, string][] = [
    [undefined, true, 'right_host'], // a local window: the local host is the right one
    [undefined, false, 'right_host'],
    ['ssh-remote', false, 'right_host'], // the remote host of a remote window
    ['dev-container', false, 'right_host'],
    ['ssh-remote', true, 'local_host_of_remote_window'],
    ['wsl', true, 'local_host_of_remote_window'],
    ['dev-container', true, 'local_host_of_remote_window'],
    ['127.0.0.1:8080', true, 'local_host_of_remote_window'],
  ];
  for (const [remoteName, local, expected] of rows) assert.equal(hostPlacement(remoteName, local), expected, `${remoteName} ${local}`);
});

/** Activates the compiled extension (out/src/extension.js) against the stand-in, with HOME holding a login. */
async function activateIn(t: TestContext, remoteName: string | undefined, extensionKind: number): Promise<{ home: string; touched: string[] }> {
  vscode.useVscodeStandIn(t);
  vscode.env.remoteName = remoteName;
  const home = tempDir(t);
  fs.mkdirSync(path.join(home, '.claude'), { mode: 0o700 });
  const login = { accessToken: 'sk-ant-oat01-host-test', refreshToken: 'sk-ant-ort01-host-test', expiresAt: Date.now() + 8 * 3_600_000, scopes: ['user:inference'] };
  fs.writeFileSync(path.join(home, '.claude', '.credentials.json'), JSON.stringify({ claudeAiOauth: login }), { mode: 0o600 });
  const saved = { HOME: process.env.HOME, CLAUDE_CONFIG_DIR: process.env.CLAUDE_CONFIG_DIR };
  process.env.HOME = home;
  delete process.env.CLAUDE_CONFIG_DIR;
  t.after(() => Object.assign(process.env, saved));

  // Every file-system call that names a path under HOME counts as touching Claude's files.
  const touched: string[] = [];
  const spy = <T extends object>(target: T, names: (keyof T)[]): void => {
    for (const name of names) {
      const original = target[name] as unknown as (...args: unknown[]) => unknown;
      (target as Record<keyof T, unknown>)[name] = function (this: unknown, ...args: unknown[]) {
        if (typeof args[0] === 'string' && args[0].startsWith(home)) touched.push(`${String(name)} ${args[0]}`);
        return original.apply(this, args);
      };
      t.after(() => ((target as Record<keyof T, unknown>)[name] = original));
    }
  };
  // The module object itself (an `import * as` copy has getters only).
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module object itself, and the compiled extension after the stand-in is in place
  const nodeFs = require('node:fs') as typeof fs;
  spy(nodeFs, ['readFileSync', 'existsSync', 'watch', 'statSync', 'mkdirSync', 'writeFileSync', 'openSync']);
  spy(nodeFs.promises, ['readFile', 'stat', 'open', 'mkdir', 'writeFile', 'rename']);

  const out = path.resolve(__dirname, '..', '..', 'src');
  for (const file of Object.keys(require.cache)) if (file.startsWith(out)) delete require.cache[file];
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module object itself, and the compiled extension after the stand-in is in place
  const extension = require(path.join(out, 'extension.js')) as { activate(context: unknown): void; deactivate(): Promise<void> };
  const context = vscode.extensionContext(extensionKind, tempDir(t));
  extension.activate(context);
  t.after(async () => {
    for (const disposable of context.subscriptions as { dispose(): unknown }[]) disposable.dispose();
    await extension.deactivate();
  });
  await new Promise((resolve) => setTimeout(resolve, 300)); // the first read happens right after activation
  return { home, touched };
}

test('in the local host of an SSH window: no Claude file is read or written, the status bar says why, commands explain', async (t) => {
  const { home, touched } = await activateIn(t, 'ssh-remote', vscode.ExtensionKind.UI);
  const item = vscode.recorded.statusBarItems.find((i) => i.shown);
  assert.match(item?.text ?? '', /Install on the remote/);
  assert.match(String(item?.tooltip), /running on your computer, not in this ssh-remote window’s remote/);

  await vscode.recorded.commands.get('claudeRemoteSignIn.signIn')?.();
  assert.match(vscode.recorded.messages.at(-1)?.text ?? '', /Install it on the remote/);
  assert.deepEqual(vscode.recorded.openedExternal, [], 'no browser sign-in started');
  for (const id of ['claudeRemoteSignIn.signOut', 'claudeRemoteSignIn.refresh', 'claudeRemoteSignIn.statusBarClick', 'claudeRemoteSignIn.diagnose', 'claudeRemoteSignIn.showMachines']) {
    assert.ok(vscode.recorded.commands.has(id), `${id} is registered (and explains)`);
  }
  assert.deepEqual(touched, [], 'nothing under HOME was read or written');
  assert.deepEqual(fs.readdirSync(home).sort(), ['.claude']);
});

test('in a local window the local host is the right one: the login on this computer shows', async (t) => {
  const { touched } = await activateIn(t, undefined, vscode.ExtensionKind.UI);
  const item = vscode.recorded.statusBarItems.find((i) => i.shown);
  assert.match(item?.text ?? '', /Claude \d+h \d+m/);
  assert.ok(touched.some((entry) => entry.endsWith('.credentials.json')), 'the credentials file was read');
});
