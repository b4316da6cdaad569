// Bundles the extension. The activation bundle (extension.js) stays small; everything that talks to the
// network or parses tokens lives in a second bundle that is required only when a sign-in or refresh starts.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

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
  logLevel: 'info',
};

if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
} else {
  const result = await esbuild.build(options);
  await import('node:fs').then((fs) => fs.writeFileSync('dist/meta.json', JSON.stringify(result.metafile)));
}
