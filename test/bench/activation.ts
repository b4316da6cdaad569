// Activation in plain Node: require + activate() of the activation bundle and of a no-op extension (the floor),
// each run in a fresh process (activateOnce.ts) with a signed-in HOME, interleaved, and which modules ours loaded.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

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

export interface ActivationComparison {
  ours: ActivationRun[];
  floor: ActivationRun[];
  /** How the processes were scheduled: `real-time` (SCHED_FIFO through chrt) keeps other load from interleaving. */
  scheduling: 'real-time' | 'normal';
}

/** What the activation bundle must not load: the engine (dist/engine.js) and what only it needs. */
export const NETWORK_MODULES = /undici|proper-lockfile|[\\/]engine\.js$|^(node:)?(http|https|http2|net|tls|dns)$/;

/**
 * `runs` pairs of fresh processes, the no-op extension then ours, so that whatever else the machine does at a moment
 * weighs on both. Each process runs at real-time priority when the system allows it (root, or CAP_SYS_NICE): the
 * machine's other processes then wait instead of slicing into the few milliseconds measured.
 */
export function compareActivation(bundle: string, runs: number): ActivationComparison {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-activation-'));
  try {
    const home = path.join(work, 'home');
    fs.mkdirSync(path.join(home, '.claude'), { recursive: true, mode: 0o700 });
    const login = { accessToken: 'sk-ant-oat01-bench', refreshToken: 'sk-ant-ort01-bench', expiresAt: Date.now() + 8 * 3_600_000, scopes: ['user:inference'] };
    fs.writeFileSync(path.join(home, '.claude', '.credentials.json'), JSON.stringify({ claudeAiOauth: login }), { mode: 0o600 });
    const floorBundle = noopBundle(work);
    const realTime = spawnSync('chrt', ['--fifo', '1', 'true']).status === 0;
    const once = (file: string, flags: string[] = []): ActivationRun => {
      const node = [process.execPath, path.join(__dirname, 'activateOnce.js'), file, ...flags];
      const [command, ...args] = realTime ? ['chrt', '--fifo', '1', ...node] : node;
      const child = spawnSync(command, args, { env: { PATH: process.env.PATH, HOME: home }, encoding: 'utf8', timeout: 30_000 });
      if (child.status !== 0) throw new Error(`activation of ${path.basename(file)} failed (exit ${child.status}):\n${child.stderr}`);
      return JSON.parse(child.stdout) as ActivationRun;
    };
    const ours: ActivationRun[] = [];
    const floor: ActivationRun[] = [];
    for (let run = 0; run < runs; run++) {
      floor.push(once(floorBundle, ['--no-status-bar']));
      const activation = once(bundle);
      if (!activation.status) throw new Error('the status bar never showed the login');
      ours.push(activation);
    }
    return { ours, floor, scheduling: realTime ? 'real-time' : 'normal' };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** noopExtension.ts bundled the way esbuild.mjs bundles dist/extension.js for a release; returns the file. */
function noopBundle(dir: string): string {
  const outfile = path.join(dir, 'noop', 'extension.js');
  esbuild.buildSync({
    entryPoints: [path.join(__dirname, '..', '..', '..', 'test', 'bench', 'noopExtension.ts')],
    outfile,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['vscode'],
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  return outfile;
}

interface Metafile {
  outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }> }>;
}

const readMetafile = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Metafile;

const packageOf = (input: string) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1];

/**
 * What takes the room in `output`, largest first, from dist/meta.json: each source file, and each npm package's files
 * added up. Bytes as they are in the (minified) output.
 */
export function bundleContents(metaFile: string, output: string): { files: [string, number][]; packages: [string, number][] } {
  const inputs = Object.entries(readMetafile(metaFile).outputs[output]?.inputs ?? {}).map(([input, { bytesInOutput }]): [string, number] => [input, bytesInOutput]);
  const packages = new Map<string, number>();
  for (const [input, bytes] of inputs) {
    const name = packageOf(input);
    if (name) packages.set(name, (packages.get(name) ?? 0) + bytes);
  }
  const largestFirst = (a: [string, number], b: [string, number]) => b[1] - a[1];
  return { files: inputs.sort(largestFirst), packages: [...packages].sort(largestFirst) };
}
