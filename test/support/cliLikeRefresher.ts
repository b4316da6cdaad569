// A second process that treats the credentials file the way Claude Code does, written independently of our
// code and straight on proper-lockfile (the CLI's own lock library): under the refresh locks it re-reads the
// file and refreshes against the provider; every write happens under the storage-write lock after a re-read.
// It also bumps a counter in `mcpOAuth` each round, so a lost update would show. Like Claude Code 2.1.112, it writes
// the rotated tokens over whatever login the file holds by then (2.1.332 checks first).
//   node cliLikeRefresher.js <configDir> <tokenUrl> <rounds> <seed>
//   node cliLikeRefresher.js <configDir> <tokenUrl> once      (one refresh round, right away)
// Tests start it with startCliLikeRefresher().
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import lockfile from 'proper-lockfile';

/** What the refresher did, as it reports when it ends. */
export interface RefresherStats {
  readonly refreshes: number;
  readonly adopted: number;
  readonly bumps: number;
  readonly invalidGrants: number;
}

/** Starts the refresher in its own process; resolves with its report when it ends, rejects if it failed. */
export function startCliLikeRefresher(configDir: string, tokenUrl: string, rounds: number | 'once', seed = 1): Promise<RefresherStats> {
  const child = spawn(process.execPath, [__filename, configDir, tokenUrl, String(rounds), String(seed)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => (err += chunk));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as RefresherStats) : reject(new Error(`the refresher failed (exit ${code}): ${err}`)))),
  );
}

const [configDir = '', tokenUrl = '', roundsText = '', seedText = ''] = require.main === module ? process.argv.slice(2) : [];
const file = path.join(configDir, '.credentials.json');
let seed = Number(seedText) || 1;
const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const retries = { retries: 2000, minTimeout: 1, maxTimeout: 15, factor: 1.3 };

async function withLock<T>(lockPath: string, stale: number, fn: () => Promise<T>): Promise<T> {
  const release = await lockfile.lock(lockPath.slice(0, -'.lock'.length), { lockfilePath: lockPath, realpath: false, stale, retries });
  try {
    return await fn();
  } finally {
    await release();
  }
}

function writeAtomic(data: string): void {
  const tmp = `${file}.tmp.${process.pid}.${Date.now()}`;
  const fd = fs.openSync(tmp, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY, 0o600);
  fs.writeSync(fd, data);
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(tmp, file);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of any shape, as the CLI handles it
async function storageWrite(change: (data: Record<string, any>) => void): Promise<void> {
  await withLock(path.join(configDir, '.storage-write.lock'), 15_000, async () => {
    const data = JSON.parse(fs.readFileSync(file, 'utf8'));
    change(data);
    writeAtomic(JSON.stringify(data));
  });
}

async function main(): Promise<void> {
  const stats = { refreshes: 0, adopted: 0, bumps: 0, invalidGrants: 0 } satisfies RefresherStats;
  const legacy = `${fs.realpathSync(configDir)}.lock`;
  const once = roundsText === 'once';
  for (let round = 0; round < (once ? 1 : Number(roundsText)); round++) {
    if (!once) await sleep(random() * 4);
    if (!once && random() < 0.3) {
      // A write that is not a refresh (e.g. an MCP token): storage-write lock only.
      await storageWrite((data) => (data.mcpOAuth.counter += 1));
      stats.bumps += 1;
      continue;
    }
    const seen = JSON.parse(fs.readFileSync(file, 'utf8')).claudeAiOauth.refreshToken;
    await withLock(path.join(configDir, '.oauth_refresh.lock'), 60_000, () =>
      withLock(legacy, 10_000, async () => {
        const login = JSON.parse(fs.readFileSync(file, 'utf8')).claudeAiOauth;
        if (login.refreshToken !== seen) {
          stats.adopted += 1; // Someone refreshed meanwhile: use theirs.
        } else {
          const res = await fetch(tokenUrl, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: login.refreshToken, client_id: '9d1c250a-e61b-44d9-88ed-5944d1962f5e', scope: login.scopes.join(' ') }),
          });
          // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of any shape, as the CLI handles it
          const body = (await res.json()) as Record<string, any>;
          if (res.status !== 200) {
            stats.invalidGrants += 1;
          } else {
            stats.refreshes += 1;
            await storageWrite((data) => {
              data.claudeAiOauth = { ...data.claudeAiOauth, accessToken: body.access_token, refreshToken: body.refresh_token, expiresAt: Date.now() + body.expires_in * 1000 };
            });
          }
        }
        await storageWrite((data) => (data.mcpOAuth.counter += 1));
        stats.bumps += 1;
      }),
    );
  }
  process.stdout.write(JSON.stringify(stats));
}

if (require.main === module) {
  void main().catch((error) => {
    process.stderr.write(String(error?.stack ?? error));
    process.exit(1);
  });
}
