// The two bundles are modules with a contract (esbuild.mjs): the folder says which bundle a file is in (nothing under
// src/engine/ loads at activation), checked here against esbuild's metafile; no module is in both; and a class exists once
// at run time, so an error the engine throws is `instanceof` the class the UI checks.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../support/tempDirs';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const dist = (file: string): string => path.join(repoRoot, 'dist', file);

/**
 * The folder says which bundle a file is in: everything under src/engine/ loads on first use (dist/engine.js), never at
 * activation. The lint rule (eslint.config.mjs) keeps anything outside src/engine/ from importing it except as a type,
 * and keeps the network and lock packages inside it; this checks what esbuild really put where.
 */
const ENGINE = /^src\/engine\//;
/** The one package the activation bundle may hold: the file format's schema (zod/mini). */
const ACTIVATION_PACKAGES = /^node_modules\/zod\//;

interface Meta {
  outputs: Record<string, { inputs: Record<string, unknown>; bytes: number }>;
}

function inputsOf(output: string): string[] {
  const meta = JSON.parse(fs.readFileSync(dist('meta.json'), 'utf8')) as Meta;
  const found = meta.outputs[output];
  assert.ok(found, `${output} is in dist/meta.json (npm run package builds it)`);
  return Object.keys(found.inputs);
}

test('nothing under src/engine/ is in the activation bundle', () => {
  const inputs = inputsOf('dist/extension.js');
  assert.deepEqual(inputs.filter((input) => ENGINE.test(input)), [], 'engine modules in dist/extension.js');
  assert.deepEqual(inputs.filter((input) => input.startsWith('node_modules/') && !ACTIVATION_PACKAGES.test(input)), [], 'packages in dist/extension.js besides zod');
  assert.ok(inputsOf('dist/engine.js').some((input) => ENGINE.test(input)), 'the engine is in dist/engine.js');
});

test('no module is in both bundles: the engine borrows what the activation bundle has', () => {
  const activation = new Set(inputsOf('dist/extension.js'));
  const engine = inputsOf('dist/engine.js');
  const borrowed = engine.filter((input) => input.startsWith('shared:')).map((input) => input.slice('shared:'.length));
  assert.deepEqual(engine.filter((input) => activation.has(input)), [], 'modules bundled twice');
  assert.deepEqual(borrowed.filter((input) => !activation.has(input)), [], 'borrowed modules the activation bundle lacks');
  assert.ok(borrowed.includes('src/oauth/errors.ts') && borrowed.includes('src/credentials/lockErrors.ts'));
  assert.ok(engine.some((input) => input.includes('node_modules/undici/')), 'the network stays in the engine');
  assert.ok(!engine.some((input) => /^src\/(ui\/|extension\.ts)/.test(input)), 'no UI in the engine');
});

test('an error the engine throws is an instance of the class the activation bundle checks', async (t) => {
  const loader = Module as unknown as { _resolveFilename(request: string, ...rest: unknown[]): string };
  const resolve = loader._resolveFilename;
  const stub = path.join(repoRoot, 'out', 'test', 'bench', 'vscodeStub.js');
  loader._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]) {
    return request === 'vscode' ? stub : resolve.call(this, request, ...rest);
  };
  t.after(() => (loader._resolveFilename = resolve));

  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built bundles, by path
  const activation = require(dist('extension.js')) as { __sharedModules: Record<string, Record<string, new (...args: never[]) => Error>> };
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built bundles, by path
  const engine = require(dist('engine.js')) as typeof import('../../src/engine');
  const shared = activation.__sharedModules;
  const { OAuthError } = shared['src/oauth/errors.ts']!;
  const { RelativeConfigDirError } = shared['src/credentials/location.ts']!;
  const { resolveClaudeLocation } = shared['src/credentials/location.ts'] as unknown as typeof import('../../src/credentials/location');

  const relative = resolveClaudeLocation({ CLAUDE_CONFIG_DIR: 'relative' }, '/nonexistent');
  const login = { accessToken: 'sk-ant-oat01-bundle-test', refreshToken: 'sk-ant-ort01-bundle-test', expiresAt: Date.now() + 60_000, scopes: ['user:inference'] };
  await assert.rejects(engine.openCredentialStore(relative).writeLogin(login), (error: unknown) => error instanceof RelativeConfigDirError!);

  const location = resolveClaudeLocation({}, tempDir(t));
  await engine.openCredentialStore(location).writeLogin(login);
  const unreachable = { ...(shared['src/oauth/endpoints.ts'] as unknown as typeof import('../../src/oauth/endpoints')).endpointsAt('http://127.0.0.1:9') };
  const log = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };
  await assert.rejects(
    engine.refreshLogin({ endpoints: unreachable, location, log, http: { timeoutMs: 2_000 } }),
    (error: unknown) => error instanceof OAuthError! && (error as unknown as { kind: string }).kind === 'network',
  );
  await engine.closeDispatchers();
});
