// Activation in plain Node: require + activate() of the activation bundle, each run in a fresh process
// (activateOnce.ts) with a signed-in HOME, and which modules it loaded.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface ActivationRun {
  activateMs: number;
  /** Until the status bar first shows the login (after the first, asynchronous read of the file). */
  firstStatusMs: number;
  status?: string;
  /** Every `require` made from the moment the bundle was required. */
  requested: string[];
  /** Files in require.cache afterwards, besides the child's own. */
  files: string[];
}

/** What the activation bundle must not load: the engine (dist/engine.js) and what only it needs. */
export const NETWORK_MODULES = /undici|proper-lockfile|[\\/]engine\.js$|^(node:)?(http|https|http2|net|tls|dns)$/;

export function activationRuns(bundle: string, runs: number, likeExtensionHost = false): ActivationRun[] {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-activation-'));
  try {
    fs.mkdirSync(path.join(home, '.claude'), { mode: 0o700 });
    const login = { accessToken: 'sk-ant-oat01-bench', refreshToken: 'sk-ant-ort01-bench', expiresAt: Date.now() + 8 * 3_600_000, scopes: ['user:inference'] };
    fs.writeFileSync(path.join(home, '.claude', '.credentials.json'), JSON.stringify({ claudeAiOauth: login }), { mode: 0o600 });
    const args = [path.join(__dirname, 'activateOnce.js'), bundle, ...(likeExtensionHost ? ['--like-extension-host'] : [])];
    return Array.from({ length: runs }, () => {
      const child = spawnSync(process.execPath, args, { env: { PATH: process.env.PATH, HOME: home }, encoding: 'utf8' });
      if (child.status !== 0) throw new Error(`activation failed (exit ${child.status}):\n${child.stderr}`);
      const run = JSON.parse(child.stdout) as ActivationRun;
      if (!run.status) throw new Error('the status bar never showed the login');
      return run;
    });
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/** The npm packages esbuild put into `output` (e.g. dist/extension.js), from dist/meta.json. */
export function bundledPackages(metaFile: string, output: string): string[] {
  const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
  const inputs = Object.keys(meta.outputs[output]?.inputs ?? {});
  return [...new Set(inputs.flatMap((input) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? []))];
}
