// One activation in a fresh Node process: `require('vscode')` resolves to the stand-in, require + activate() of an
// extension bundle are timed, and every module it asks for is recorded. Prints one line of JSON.
//   node out/test/bench/activateOnce.js <bundle> [--no-status-bar]
// --no-status-bar: the bundle shows none (the no-op extension); don't wait for one.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Module from 'node:module';
import * as vscode from './vscodeStub';

interface Loader {
  _resolveFilename(this: unknown, request: string, ...rest: unknown[]): string;
  _load(this: unknown, request: string, ...rest: unknown[]): unknown;
}
const loader = Module as unknown as Loader;
const { _resolveFilename: resolveFilename, _load: load } = loader;
const stubFile = require.resolve('./vscodeStub');
loader._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? stubFile : resolveFilename.call(this, request, ...rest);
};
const requested = new Set<string>();
loader._load = function (request, ...rest) {
  requested.add(request);
  return load.call(this, request, ...rest);
};

/**
 * Built-ins VS Code's extension host has loaded before any extension activates (its extensionHostProcess.js
 * imports them at the top): a plain Node process would pay for them on the extension's first use, a real host does not.
 */
function preloadLikeExtensionHost(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle under test, by path, after the stub is in place
  for (const name of ['node:crypto', 'node:http', 'node:net', 'node:child_process']) require(name);
  void fs.promises;
}

async function main(): Promise<void> {
  const [bundle, ...flags] = process.argv.slice(2);
  preloadLikeExtensionHost();
  requested.clear();
  const started = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle under test, by path, after the stub is in place
  const extension = require(bundle) as { activate(context: unknown): void };
  extension.activate(vscode.extensionContext());
  const activated = performance.now();
  // The first render follows the first read of the credentials file (asynchronous, after activate returns).
  const status = flags.includes('--no-status-bar') ? undefined : await Promise.race([vscode.firstStatusText, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 5000))]);
  const rendered = performance.now();
  // The stand-in and what it loads are the bench's, not the extension's.
  const files = Object.keys(require.cache).filter((file) => file !== __filename && file !== stubFile && !file.includes(`${path.sep}test${path.sep}support${path.sep}`));
  console.log(JSON.stringify({ activateMs: activated - started, firstStatusMs: rendered - started, status, requested: [...requested], files }));
  process.exit(0); // The extension's timers would keep the process alive.
}

void main();
