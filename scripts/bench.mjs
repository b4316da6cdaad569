// `npm run bench [-- --strict] [-- --quick | --full]`: builds the .vsix, compiles the tests, makes sure code-server and
// Chromium are installed, then runs the benchmark (test/bench/bench.ts), which prints a table and writes
// bench-results/bench.json. --strict: exit 1 when a budget fails. --quick (the default when CI=true): fewer repetitions.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

run('npm', ['run', 'package']);
run('npx', ['tsc', '-p', 'tsconfig.test.json']);
run('bash', ['test/e2e/setup.sh']);
process.exit(run(process.execPath, ['out/test/bench/bench.js', ...process.argv.slice(2)], { allowFailure: true }));

function run(command, args, { allowFailure = false } = {}) {
  console.log(`\n> ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  const status = result.status ?? 1;
  if (status !== 0 && !allowFailure) {
    console.error(`bench: ${command} ${args.join(' ')} failed (${result.error?.message ?? `exit code ${status}`})`);
    process.exit(status);
  }
  return status;
}
