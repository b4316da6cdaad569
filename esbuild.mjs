// Bundles the extension into two modules with a contract (checked by test/unit/bundles.test.ts):
// - dist/extension.js, loaded at activation: the UI and what it needs to read the login (errors, the file format,
//   logging). It stays small.
// - dist/engine.js, required on first use: the network, Claude Code's locks and writes, the diagnosis checks.
// No module is in both. Where the engine imports a module the activation bundle already holds, that import is
// pointed at the activation bundle's own instance (`require('./extension.js').__sharedModules[…]`), so each class
// (OAuthError, LockBusyError, …) exists once at run time and `instanceof` works across the two.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const root = path.dirname(new URL(import.meta.url).pathname);
const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

// undici tries its SIMD HTTP parser first and falls back to the plain one when that fails: ship only the plain one
// (65 KB less in the package).
const undiciWithoutSimdParser = {
  name: 'undici-without-simd-parser',
  setup(build) {
    build.onResolve({ filter: /llhttp_simd-wasm\.js$/ }, () => ({ path: 'llhttp_simd-wasm', namespace: 'absent' }));
    build.onLoad({ filter: /.*/, namespace: 'absent' }, () => ({ contents: 'module.exports = undefined;', loader: 'js' }));
  },
};

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  outdir: 'dist',
  external: ['vscode'],
  minify: production,
  sourcemap: !production,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  // The User-Agent's version (src/engine/transport/http.ts).
  define: { EXTENSION_VERSION: JSON.stringify(version) },
};

/** The activation bundle, exposing `shared` (repo-relative paths) to the engine through lazy getters. */
function activationBuild(shared = []) {
  const getters = shared.map((file) => `get ${JSON.stringify(file)}() { return require(${JSON.stringify(`./${file}`)}); }`);
  return {
    ...common,
    entryPoints: { extension: 'activation-entry' },
    plugins: [
      {
        name: 'activation-entry',
        setup(build) {
          build.onResolve({ filter: /^activation-entry$/ }, () => ({ path: 'activation-entry', namespace: 'activation-entry' }));
          build.onLoad({ filter: /.*/, namespace: 'activation-entry' }, () => ({
            contents: `export * from './src/extension';\nexport const __sharedModules = { ${getters.join(', ')} };\n`,
            resolveDir: root,
            loader: 'js',
          }));
        },
      },
    ],
  };
}

/** The engine bundle; imports of files in `activationInputs` come from the activation bundle. Fills `used`. */
function engineBuild(activationInputs, used) {
  return {
    ...common,
    entryPoints: { engine: 'src/engine/index.ts' },
    plugins: [
      undiciWithoutSimdParser,
      {
        name: 'shared-from-activation',
        setup(build) {
          build.onResolve({ filter: /^\.\/extension\.js$/, namespace: 'shared' }, () => ({ path: './extension.js', external: true }));
          build.onResolve({ filter: /.*/ }, async (args) => {
            if (args.pluginData?.resolving || args.kind === 'entry-point') return undefined;
            const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: { resolving: true } });
            if (resolved.errors.length > 0 || resolved.external || !resolved.path) return undefined;
            const file = path.relative(root, resolved.path).split(path.sep).join('/');
            if (!activationInputs.has(file)) return undefined;
            used.add(file);
            return { path: file, namespace: 'shared' };
          });
          build.onLoad({ filter: /.*/, namespace: 'shared' }, (args) => ({
            contents: `module.exports = require('./extension.js').__sharedModules[${JSON.stringify(args.path)}];`,
            loader: 'js',
          }));
        },
      },
    ],
  };
}

// 1. What the activation bundle holds. 2. The engine, borrowing those. 3. The activation bundle, exposing them.
const probe = await esbuild.build({ ...activationBuild(), write: false });
const activationInputs = new Set(Object.keys(probe.metafile.inputs));
const used = new Set();
const engine = await esbuild.build(engineBuild(activationInputs, used));
const activation = await esbuild.build(activationBuild([...used].sort()));

const metafile = { inputs: { ...activation.metafile.inputs, ...engine.metafile.inputs }, outputs: { ...activation.metafile.outputs, ...engine.metafile.outputs } };
fs.writeFileSync(path.join(root, 'dist', 'meta.json'), JSON.stringify(metafile));
for (const [file, output] of Object.entries(metafile.outputs)) {
  if (file.endsWith('.js')) console.log(`${file}  ${(output.bytes / 1024).toFixed(1)} KB`);
}
