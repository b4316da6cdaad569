// The runner behind `npm test` (everything), `npm run test:unit` (unit + integration) and `npm run test:e2e`
// (end-to-end, in a real VS Code). It lints, builds the extension package the end-to-end tests install, compiles the
// tests, installs the end-to-end prerequisites when needed, and runs node's test runner over the files,
// one file at a time (Node 20's --test takes no globs, so the files are listed here).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const mode = process.argv[2] ?? 'all';
if (!['all', 'unit', 'e2e'].includes(mode)) fail(`unknown mode '${mode}' (expected: unit, e2e, or nothing for all)`);
const runUnit = mode !== 'e2e';
const runE2e = mode !== 'unit';

const { name, version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const vsix = path.join(root, `${name}-${version}.vsix`);

// First: a climbing import or a lint error fails the run before anything slow starts (eslint.config.mjs).
step('lint', 'npm', ['run', 'lint']);
step('package the extension', 'npm', ['run', 'package']);
if (!fs.existsSync(vsix)) fail(`npm run package did not produce ${path.relative(root, vsix)}`);
// Compiled output of deleted tests would otherwise keep running.
fs.rmSync(path.join(root, 'out'), { recursive: true, force: true });
step('compile the tests', 'npx', ['tsc', '-p', 'tsconfig.test.json']);
if (runE2e) step('install end-to-end prerequisites', 'bash', ['test/e2e/setup.sh']);
else step('install the Debian packages the integration tests use', 'bash', ['test/e2e/setup.sh', '--debian-packages-only']);

// Both parts run even when the first fails; the first failure's exit code is the runner's.
const exitCodes = [];
const totals = { passed: 0, failed: 0, skipped: 0 };
if (runUnit) {
  const files = [...testFiles('out/test/unit'), ...testFiles('out/test/integration')];
  if (files.length === 0) console.log('\nunit: no test files in out/test/unit or out/test/integration');
  else exitCodes.push(runTests('unit', files));
}
if (runE2e) {
  const files = testFiles('out/test/e2e');
  if (files.length === 0) fail('e2e: no test files in out/test/e2e (expected test/e2e/**/*.test.ts)');
  // One test may start code-server and Chromium several times; a hung one must not hang CI forever.
  exitCodes.push(runTests('e2e', files, ['--test-timeout=300000']));
}
// One closing line for both parts, in the plain form CI reads.
console.log(`\ntotal: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(exitCodes.find((code) => code !== 0) ?? 0);

function step(title, command, args) {
  console.log(`\n> ${title}: ${command} ${args.join(' ')}`);
  const started = performance.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) fail(`${title} failed (${result.error?.message ?? `exit code ${result.status}`})`);
  console.log(`  ${title}: ${seconds(started).toFixed(1)} s`);
}

/** `dir`/**\/*.test.js, sorted; none if the folder does not exist. */
function testFiles(dir) {
  const absolute = path.join(root, dir);
  if (!fs.existsSync(absolute)) return [];
  return fs
    .readdirSync(absolute, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.js'))
    .map((file) => path.join(dir, file))
    .sort();
}

/** Runs node's test runner over `files`, prints "<label>: N tests in X s" (counted from a TAP copy of the report), returns its exit code. */
function runTests(label, files, extraArgs = [], concurrency = 1) {
  console.log(`\n> ${label} tests: ${files.length} files`);
  const tapFile = path.join(root, 'test-results', `${label}.tap`);
  fs.mkdirSync(path.dirname(tapFile), { recursive: true });
  const started = performance.now();
  const result = spawnSync(
    process.execPath,
    [
      '--test',
      `--test-concurrency=${concurrency}`,
      ...extraArgs,
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tapFile}`,
      ...files,
    ],
    { cwd: root, stdio: 'inherit', env: { ...process.env, E2E_VSIX: vsix } },
  );
  const tap = fs.existsSync(tapFile) ? fs.readFileSync(tapFile, 'utf8') : '';
  const count = (key) => Number(new RegExp(`^# ${key} (\\d+)$`, 'm').exec(tap)?.[1] ?? 0);
  const failed = count('fail') + count('cancelled');
  totals.passed += count('pass');
  totals.failed += failed;
  totals.skipped += count('skipped');
  console.log(`\n${label}: ${count('tests')} tests in ${seconds(started).toFixed(1)} s (${failed} failed)`);
  return result.status ?? 1;
}

function seconds(started) {
  return (performance.now() - started) / 1000;
}

function fail(message) {
  console.error(`\ntest: ${message}`);
  process.exit(1);
}
