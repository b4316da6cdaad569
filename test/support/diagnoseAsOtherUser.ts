// The diagnosis as an ordinary user sees it, for findings root never meets: root reads and writes anything, modes or
// not. CI runs as root, so a test gives the home to `nobody` and runs the diagnosis there in a child process
// (setpriv, util-linux): this file, which prints the report as JSON.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { diagnose, type DiagnosisReport } from '../../src/engine/diagnosis/diagnose';

const NOBODY = 65534;

interface ChildInput {
  readonly env: NodeJS.ProcessEnv;
  readonly homeDir: string;
}

/**
 * Gives `homeDir` (with everything in it; modes unchanged) to uid 65534 and diagnoses it as that user, who is also
 * the user the owner checks compare with. The test process must be root. Asynchronous, so that servers the test
 * runs (the token endpoint) keep answering the child.
 */
export async function diagnoseAsNobody(input: ChildInput): Promise<DiagnosisReport> {
  const run = promisify(execFile);
  await run('chown', ['-R', `${NOBODY}:${NOBODY}`, input.homeDir]);
  const { stdout } = await run(
    'setpriv',
    [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, __filename, JSON.stringify(input)],
    { env: { PATH: process.env.PATH }, timeout: 30_000 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as DiagnosisReport;
}

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2] ?? '') as ChildInput;
  const report = await diagnose({
    ...input,
    platform: 'linux',
    uid: process.getuid?.(),
    now: Date.now(),
    http: { timeoutMs: 1_000 },
    runCommand: () => Promise.reject(new Error('security must only run on macOS')),
  });
  console.log(JSON.stringify(report));
}

if (require.main === module) void main();
