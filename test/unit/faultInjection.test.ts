// The reliability figure. Every write path — sign-in, refresh, sign-out, the onboarding merge into .claude.json, a
// container's write — gets a failure at every file-system step it takes, on the atomic path and on the in-place
// fallback; then writer processes are killed with SIGKILL mid-write; then files are torn under a reader. After each,
// the files on disk must be whole: the old or the new contents, every key we don't own, the mode kept. Prints one line:
//   fault injection: <faults> faults, <crashes> crashes, <lost> logins lost
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { AtomicWriteFs } from '../../src/engine/store/atomicWrite';
import { markOnboardingComplete } from '../../src/engine/store/onboarding';
import { resolveClaudeLocation, type ClaudeLocation } from '../../src/credentials/location';
import type { OAuthAccount } from '../../src/credentials/globalConfig';
import { claudeAiOauthSchema, type ClaudeAiOauth } from '../../src/credentials/schema';
import { mergeLogin, readCredentials, removeLogin, serializeCredentials, writeLogin } from '../../src/engine/store/credentialsFile';
import { silentLog } from '../../src/logging/log';
import { loginFromContainerToken } from '../../src/machines/containerToken';
import { refreshLogin } from '../../src/engine/refresh/refreshLogin';
import { finishAttempt, startAttempt } from '../../src/engine/signIn/attempt';
import { crashSeed, crashVersion } from '../support/crashWriter';
import { faultyFs, type FaultKind, type FsStep } from '../support/faultyFs';
import { startTestProvider, type TestProvider } from '../support/oauthProvider';
import { tempDir } from '../support/tempDirs';

const CRASH_RUNS = 500;
const CRASH_PARALLEL = 4;
/** Every so many crash runs, the writer goes through writeLogin (slower to start) rather than writeFileAtomic. */
const STORE_WRITER_EVERY = 10;
/** The writer is killed this long (at most) after its first write; one write of its 64 KB file takes a few ms. */
const MAX_KILL_DELAY_MS = 12;

const measured = { faults: 0, crashes: 0, lost: [] as string[] };
after(() => console.log(`fault injection: ${measured.faults} faults, ${measured.crashes} crashes, ${measured.lost.length} logins lost`));

// The mode a file gets when its chmod is the failing step is the one open() gave it: make that the usual one.
process.umask(0o022);

const BESIDE_THE_LOGIN = {
  mcpOAuth: { 'github|4f2a': { serverName: 'github', accessToken: 'mcp-secret', refreshToken: 'mcp-refresh', expiresAt: 1, scopes: ['repo'] } },
  pluginSecrets: { 'linter@market': { apiKey: 'plugin-secret' } },
  someFutureKey: { nested: { deeper: [1, 'two', { three: null }] }, flag: true },
};
const OLD_LOGIN: ClaudeAiOauth = {
  accessToken: 'sk-ant-oat01-old',
  refreshToken: 'sk-ant-ort01-old',
  expiresAt: 1_800_000_000_000,
  scopes: ['user:inference', 'user:profile'],
  subscriptionType: 'pro',
  rateLimitTier: 'default_claude_pro',
};
const GLOBAL_CONFIG = { numStartups: 7, projects: { '/work': { allowedTools: ['Bash'] } }, oauthAccount: { accountUuid: 'old', emailAddress: 'old@example.com' }, theme: 'dark' };
const GLOBAL_CONFIG_MODE = 0o644;
const ACCOUNT: OAuthAccount = { accountUuid: 'acc-1', emailAddress: 'someone@example.com' };
const CONTAINER_LOGIN = loginFromContainerToken({ accessToken: 'sk-ant-oat01-container', expiresAt: 1_900_000_000_000, scopes: ['user:inference'], createdAt: 0 });

type Json = Record<string, unknown>;

/** How one file may look after a write that went through: the keys it may change, and the check of the change. */
interface Change {
  readonly keys: readonly string[];
  readonly isNew: (json: Json) => boolean;
}

interface WritePath {
  readonly name: string;
  /** Puts the files as they are before the write. */
  prepare(location: ClaudeLocation): Promise<void>;
  write(location: ClaudeLocation, fs: AtomicWriteFs): Promise<unknown>;
  /** A file without an entry must stay exactly as it was. */
  readonly changes: { readonly credentials?: Change; readonly config?: Change };
}

let provider: TestProvider;

const isIssuedLogin = (json: Json) =>
  claudeAiOauthSchema.safeParse(json.claudeAiOauth).success &&
  (json.claudeAiOauth as ClaudeAiOauth).accessToken === provider.issuedAccessTokens.at(-1);

async function signIn(location: ClaudeLocation, fs?: AtomicWriteFs): Promise<void> {
  const attempt = startAttempt(provider.endpoints, 'http://localhost:1234/callback');
  const { code } = await provider.approve(attempt.authorizeUrl);
  await finishAttempt(attempt, code, { endpoints: provider.endpoints, location, log: silentLog, fs });
}

async function seedBoth(location: ClaudeLocation): Promise<void> {
  fs.mkdirSync(location.configDir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(location.credentialsFile, serializeCredentials({ mcpOAuth: BESIDE_THE_LOGIN.mcpOAuth, claudeAiOauth: OLD_LOGIN, pluginSecrets: BESIDE_THE_LOGIN.pluginSecrets, someFutureKey: BESIDE_THE_LOGIN.someFutureKey }), { mode: 0o600 });
  fs.writeFileSync(location.globalConfigFile, JSON.stringify(GLOBAL_CONFIG, null, 2), { mode: GLOBAL_CONFIG_MODE });
  fs.chmodSync(location.globalConfigFile, GLOBAL_CONFIG_MODE);
}

const onboardingDone = (account: (json: Json) => boolean): Change => ({
  keys: ['hasCompletedOnboarding', 'oauthAccount'],
  isNew: (json) => json.hasCompletedOnboarding === true && account(json),
});

const WRITE_PATHS: readonly WritePath[] = [
  {
    name: 'sign-in',
    prepare: seedBoth,
    write: (location, fs) => signIn(location, fs),
    changes: {
      credentials: { keys: ['claudeAiOauth'], isNew: isIssuedLogin },
      config: onboardingDone((json) => (json.oauthAccount as Json | undefined)?.emailAddress === provider.account.email),
    },
  },
  {
    name: 'refresh',
    prepare: async (location) => {
      await seedBoth(location);
      await signIn(location);
    },
    write: (location, fs) => refreshLogin({ endpoints: provider.endpoints, location, log: silentLog, fs }),
    changes: { credentials: { keys: ['claudeAiOauth'], isNew: isIssuedLogin } },
  },
  {
    name: 'sign-out',
    prepare: seedBoth,
    write: (location, fs) => removeLogin(location, { fs }),
    changes: { credentials: { keys: ['claudeAiOauth'], isNew: (json) => !('claudeAiOauth' in json) } },
  },
  {
    name: 'onboarding merge into .claude.json',
    prepare: seedBoth,
    write: (location, fs) => markOnboardingComplete(location, ACCOUNT, { fs }),
    changes: { config: onboardingDone((json) => JSON.stringify(json.oauthAccount) === JSON.stringify(ACCOUNT)) },
  },
  {
    name: 'container write',
    prepare: seedBoth,
    write: (location, fs) => writeLogin(location, CONTAINER_LOGIN, { fs }),
    changes: { credentials: { keys: ['claudeAiOauth'], isNew: (json) => JSON.stringify(json.claudeAiOauth) === JSON.stringify(CONTAINER_LOGIN) } },
  },
];

interface FileBefore {
  readonly text: string | undefined;
  readonly mode: number | undefined;
}

function fileBefore(file: string): FileBefore {
  return fs.existsSync(file) ? { text: fs.readFileSync(file, 'utf8'), mode: fs.statSync(file).mode & 0o777 } : { text: undefined, mode: undefined };
}

/** What is wrong with `file` now: nothing when it holds the old contents or a whole new version. */
function problemsWith(file: string, before: FileBefore, change: Change | undefined, wantedMode: number): string[] {
  if (!fs.existsSync(file)) return before.text === undefined ? [] : [`${path.basename(file)} is missing`];
  const text = fs.readFileSync(file, 'utf8');
  const name = path.basename(file);
  const problems: string[] = [];
  const mode = fs.statSync(file).mode & 0o777;
  if (mode !== wantedMode) problems.push(`${name} has mode ${mode.toString(8)}`);
  let json: Json;
  try {
    json = JSON.parse(text) as Json;
  } catch {
    return [...problems, `${name} is not JSON (${text.length} bytes)`];
  }
  const old = before.text === undefined ? undefined : (JSON.parse(before.text) as Json);
  // The same JSON, maybe with other whitespace (an in-place write pads with spaces), is the old contents.
  if (old && JSON.stringify(json) === JSON.stringify(old)) return problems;
  if (!change) return [...problems, `${name} changed, though this write does not touch it`];
  const kept = (keys: string[]) => keys.filter((key) => !change.keys.includes(key));
  const oldKeys = kept(Object.keys(old ?? {}));
  if (JSON.stringify(kept(Object.keys(json))) !== JSON.stringify(oldKeys)) {
    problems.push(`${name}: other keys ${JSON.stringify(kept(Object.keys(json)))} instead of ${JSON.stringify(oldKeys)}`);
  }
  for (const key of oldKeys) {
    if (JSON.stringify(json[key]) !== JSON.stringify(old?.[key])) problems.push(`${name}: ${key} changed`);
  }
  if (!change.isNew(json)) problems.push(`${name} holds neither the old nor the new contents`);
  return problems;
}

function snapshot(location: ClaudeLocation) {
  return { credentials: fileBefore(location.credentialsFile), config: fileBefore(location.globalConfigFile) };
}

function problemsAfter(location: ClaudeLocation, before: ReturnType<typeof snapshot>, writePath: WritePath): string[] {
  const backups = [location.configDir, path.dirname(location.globalConfigFile)].flatMap((dir) =>
    fs.existsSync(dir) ? fs.readdirSync(dir).filter((name) => name.includes('.corrupt-')) : [],
  );
  return [
    ...problemsWith(location.credentialsFile, before.credentials, writePath.changes.credentials, 0o600),
    ...problemsWith(location.globalConfigFile, before.config, writePath.changes.config, before.config.mode ?? 0o600),
    ...backups.map((name) => `a backup ${name} was made`),
  ];
}

async function inFreshLocation<T>(run: (location: ClaudeLocation) => Promise<T>): Promise<T> {
  const home = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'claude-signin-faults-')));
  try {
    return await run(resolveClaudeLocation({}, home));
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

const kindsAt = (step: FsStep): FaultKind[] => (step === 'write' ? ['fails', 'keeps failing', 'half written'] : ['fails', 'keeps failing']);

describe('a failure at every file-system step of every write path', () => {
  before(async () => {
    provider = await startTestProvider();
  });
  after(() => provider.close());

  for (const writePath of WRITE_PATHS) {
    for (const inPlace of [false, true]) {
      const how = inPlace ? 'in place (rename refused with EXDEV)' : 'atomic';
      test(`${writePath.name}, ${how}`, async () => {
        const refuse = inPlace ? { rename: 'EXDEV' } : {};
        // A run without a fault: which calls the write makes, and that it does write the new contents.
        const steps = await inFreshLocation(async (location) => {
          await writePath.prepare(location);
          const before = snapshot(location);
          const recorder = faultyFs({ refuse });
          await writePath.write(location, recorder.fs);
          assert.deepEqual(problemsAfter(location, before, writePath), []);
          assert.notDeepEqual(snapshot(location), before, 'the write changed something');
          return [...recorder.steps];
        });
        const lostBefore = measured.lost.length;
        for (let at = 1; at <= steps.length; at++) {
          for (const kind of kindsAt(steps[at - 1]!)) {
            await inFreshLocation(async (location) => {
              await writePath.prepare(location);
              const before = snapshot(location);
              const faulty = faultyFs({ refuse, fault: { at, kind } });
              await writePath.write(location, faulty.fs).catch(() => undefined);
              if (!faulty.fired()) return;
              measured.faults++;
              const problems = problemsAfter(location, before, writePath);
              if (problems.length) measured.lost.push(`${writePath.name}, ${how}: ${kind} at call ${at} (${steps[at - 1]}): ${problems.join('; ')}`);
            });
          }
        }
        assert.deepEqual(measured.lost.slice(lostBefore), []);
      });
    }
  }
});

describe('writers killed with SIGKILL mid-write', () => {
  test(`${CRASH_RUNS} kills: the file is always one whole version, mode 0600`, async (t) => {
    const script = path.join(__dirname, '..', 'support', 'crashWriter.js');
    const seed = crashSeed();
    const versions = new Map<string, string>([
      [serializeCredentials(seed), 'seed'],
      [serializeCredentials(crashVersion(1)), 'version 1'],
      [serializeCredentials(crashVersion(2)), 'version 2'],
    ]);
    const root = tempDir(t, 'claude-signin-crashes-');
    const seen: Record<string, number> = {};
    let killedBeforeRename = 0;
    const lostBefore = measured.lost.length;
    let started = 0;
    const worker = async (): Promise<void> => {
      while (started < CRASH_RUNS) {
        const run = started++;
        const configDir = path.join(root, `run-${run}`);
        fs.mkdirSync(configDir, { mode: 0o700 });
        const file = path.join(configDir, '.credentials.json');
        fs.writeFileSync(file, serializeCredentials(seed), { mode: 0o600 });
        await killMidWrite(script, run % STORE_WRITER_EVERY === 0 ? 'store' : 'atomic', configDir, Math.random() * MAX_KILL_DELAY_MS);
        measured.crashes++;
        const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
        const version = text === undefined ? undefined : versions.get(text);
        const mode = fs.existsSync(file) ? fs.statSync(file).mode & 0o777 : undefined;
        if (version === undefined || mode !== 0o600) {
          measured.lost.push(`crash ${run}: ${text === undefined ? 'file missing' : version ?? `unknown contents (${text.length} bytes)`}, mode ${mode?.toString(8)}`);
        } else {
          seen[version] = (seen[version] ?? 0) + 1;
        }
        // A temp file left behind: killed between writing the next version and renaming it into place.
        if (fs.readdirSync(configDir).some((name) => name.includes('.tmp-'))) killedBeforeRename++;
        fs.rmSync(configDir, { recursive: true, force: true });
      }
    };
    await Promise.all(Array.from({ length: CRASH_PARALLEL }, worker));
    assert.deepEqual(measured.lost.slice(lostBefore), []);
    const landed = `${JSON.stringify(seen)}, ${killedBeforeRename} kills left a temp file`;
    assert.ok(seen['version 1'] && seen['version 2'], `kills landed while either version was being written: ${landed}`);
    assert.ok(killedBeforeRename >= CRASH_RUNS / 10, `many kills landed inside a write: ${landed}`);
  });
});

/** Starts a writer, waits until it is writing, kills it with SIGKILL after `delayMs`. */
function killMidWrite(script: string, how: 'store' | 'atomic', configDir: string, delayMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, how], {
      env: { ...process.env, CLAUDE_CONFIG_DIR: configDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.setEncoding('utf8').once('data', () => setTimeout(() => child.kill('SIGKILL'), delayMs));
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      signal === 'SIGKILL' ? resolve() : reject(new Error(`the writer exited by itself (${code}): ${stderr}`)),
    );
  });
}

describe('a file caught mid-rewrite (Claude Code 2.1.112 truncates, then writes, without a lock)', () => {
  test('is never called corrupt, never backed up, and no key is lost', async (t) => {
    const rounds = 40;
    const lostBefore = measured.lost.length;
    const fresh: ClaudeAiOauth = { ...OLD_LOGIN, accessToken: 'sk-ant-oat01-fresh' };
    await Promise.all(
      Array.from({ length: rounds }, async (_, round) => {
        const location = resolveClaudeLocation({}, tempDir(t));
        const whole = serializeCredentials({ claudeAiOauth: OLD_LOGIN, ...BESIDE_THE_LOGIN });
        fs.mkdirSync(location.configDir, { mode: 0o700 });
        fs.writeFileSync(location.credentialsFile, whole, { mode: 0o600 });
        // As the CLI's writeFileSync: open with truncation, then write on that descriptor — caught in between.
        const torn = round % 2 === 0 ? '' : whole.slice(0, whole.length / 2);
        const fd = fs.openSync(location.credentialsFile, 'w');
        fs.writeSync(fd, torn);
        const restored = new Promise<void>((resolve) =>
          setTimeout(() => {
            fs.writeSync(fd, whole.slice(torn.length));
            fs.closeSync(fd);
            resolve();
          }, Math.random() * 80),
        );
        const problems: string[] = [];
        if (round % 4 < 2) {
          const read = await readCredentials(location);
          if (read.state !== 'ok') problems.push(`read as ${read.state}`);
        } else {
          await writeLogin(location, fresh);
          const expected = serializeCredentials(mergeLogin(JSON.parse(whole) as Json, fresh));
          if (fs.readFileSync(location.credentialsFile, 'utf8') !== expected) problems.push('written over a torn read');
        }
        await restored;
        if (fs.readdirSync(location.configDir).some((name) => name.includes('.corrupt-'))) problems.push('backed up');
        if (problems.length) measured.lost.push(`torn read ${round}: ${problems.join(', ')}`);
      }),
    );
    assert.deepEqual(measured.lost.slice(lostBefore), []);
  });
});
