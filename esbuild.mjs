// Bundles the extension. The activation bundle (extension.js) stays small; everything that talks to the
// network or parses tokens lives in a second bundle that is required only when a sign-in or refresh starts.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

// undici tries its SIMD HTTP parser first and falls back to the plain one when that fails: ship only the plain one
// (65 KB less in the package).
const undiciWithoutSimdParser = {
  name: 'undici-without-simd-parser',
  setup(build) {
    build.onResolve({ filter: /llhttp_simd-wasm\.js$/ }, () => ({ path: 'llhttp_simd-wasm', namespace: 'absent' }));
    build.onLoad({ filter: /.*/, namespace: 'absent' }, () => ({ contents: 'module.exports = undefined;', loader: 'js' }));
  },
};

const options = {
  entryPoints: { extension: 'src/extension.ts', auth: 'src/auth.ts' },
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
  plugins: [undiciWithoutSimdParser],
  logLevel: 'info',
};

if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
} else {
  const result = await esbuild.build(options);
  await import('node:fs').then((fs) => fs.writeFileSync('dist/meta.json', JSON.stringify(result.metafile)));
}
