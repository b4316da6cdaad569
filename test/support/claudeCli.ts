// Runs the real Claude Code CLI (the pinned devDependency) against a temporary HOME, offline, to check that a
// credentials file we wrote is one the CLI accepts. Nothing here may touch the real $HOME or reach the internet.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/** The extension's repository: the nearest folder above this file with a package.json (works from src and out). */
const repoRoot: string = (() => {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
  }
  throw new Error(`no package.json above ${__dirname}`);
})();

/**
 * The two pinned CLIs (devDependencies): 2.1.112, the last that ships `cli.js` (older locks, in-place writes), and
 * 2.1.332, a native binary (newer locks, atomic writes, refresh-token expiry). Called by path: both packages
 * declare the `claude` bin, so node_modules/.bin/claude could be either.
 */
export const CLAUDE_CLIS = {
  '2.1.112': { command: process.execPath, args: [path.join(repoRoot, 'node_modules', '@anthropic-ai', 'claude-code', 'cli.js')] },
  '2.1.332': { command: path.join(repoRoot, 'node_modules', 'claude-code-2.1.332', 'bin', process.platform === 'win32' ? 'claude.exe' : 'claude.exe'), args: [] },
} as const;
export type ClaudeCliVersion = keyof typeof CLAUDE_CLIS;
export const CLAUDE_CLI_VERSIONS = Object.keys(CLAUDE_CLIS) as ClaudeCliVersion[];

/** Where the CLI should look: `HOME`, and `CLAUDE_CONFIG_DIR` when given; which CLI (default 2.1.112). */
export interface ClaudeTarget {
  readonly home: string;
  readonly configDir?: string;
  readonly cli?: ClaudeCliVersion;
}

export interface ClaudeRun {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/**
 * Nothing listens here (the "discard" port): with the proxy variables pointing at it, any request the CLI makes
 * to a real host fails at once instead of reaching the internet or hanging until a DNS timeout.
 */
const CLOSED_PROXY = 'http://127.0.0.1:9';

/**
 * A from-scratch environment: only what a process needs to start, plus the target's HOME/CLAUDE_CONFIG_DIR. The
 * caller's ANTHROPIC_API_KEY, ANTHROPIC_AUTH_TOKEN, CLAUDE_CODE_OAUTH_TOKEN and proxies never leak in (they win
 * over the credentials file).
 */
export function claudeEnv(target: ClaudeTarget, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of ['PATH', 'Path', 'SystemRoot', 'TMPDIR', 'TEMP', 'TMP', 'LANG']) {
    if (process.env[name] !== undefined) env[name] = process.env[name];
  }
  Object.assign(env, {
    HOME: target.home,
    USERPROFILE: target.home,
    DISABLE_AUTOUPDATER: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_ERROR_REPORTING: '1',
    // One request, no retry loop: with retries a 401 keeps the CLI busy for over a minute.
    CLAUDE_CODE_MAX_RETRIES: '0',
    HTTPS_PROXY: CLOSED_PROXY,
    HTTP_PROXY: CLOSED_PROXY,
    NO_PROXY: '127.0.0.1,localhost',
  });
  if (target.configDir !== undefined) env.CLAUDE_CONFIG_DIR = target.configDir;
  return { ...env, ...extra };
}

/** Runs `claude <args>` with no stdin and a hard timeout (SIGKILL). */
export function runClaude(
  args: readonly string[],
  target: ClaudeTarget,
  { env = {}, timeoutMs = 180_000 }: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<ClaudeRun> {
  if (path.resolve(target.home) === path.resolve(os.homedir())) {
    throw new Error('refusing to run the CLI against the real HOME');
  }
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const cli = CLAUDE_CLIS[target.cli ?? '2.1.112'];
    const child = spawn(cli.command, [...cli.args, ...args], {
      cwd: target.home,
      env: claudeEnv(target, env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      resolve({ exitCode, signal, timedOut, stdout, stderr, ms: Date.now() - started });
    });
  });
}

export interface AuthStatus {
  readonly exitCode: number | null;
  /** `claude auth status` JSON (`loggedIn`, `authMethod`, `subscriptionType`, …); undefined if not JSON. */
  readonly json: Record<string, unknown> | undefined;
  readonly run: ClaudeRun;
}

/** `claude auth status`: reads only local files; exit 0 and `"loggedIn": true` for an accepted login. */
export async function claudeAuthStatus(target: ClaudeTarget): Promise<AuthStatus> {
  const run = await runClaude(['auth', 'status'], target);
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(run.stdout) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { exitCode: run.exitCode, json, run };
}

/** A stand-in for api.anthropic.com that refuses every request with 401 and remembers what it saw. */
export interface UnauthorizedStub {
  readonly baseUrl: string;
  /** `Authorization` headers of requests to `/v1/messages`, in order. */
  readonly authorizations: string[];
  /** Hosts the CLI tried to reach through the proxy (all refused). */
  readonly blockedHosts: string[];
  close(): Promise<void>;
}

/**
 * Also serves as the CLI's HTTPS proxy, so a request to any real host is refused here (and recorded) rather
 * than sent out.
 */
export async function startUnauthorizedStub(): Promise<UnauthorizedStub> {
  const authorizations: string[] = [];
  const blockedHosts: string[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url?.startsWith('/v1/messages') && typeof req.headers.authorization === 'string') {
        authorizations.push(req.headers.authorization);
      }
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ type: 'error', error: { type: 'authentication_error', message: 'stub: unauthorized' } }));
    });
  });
  server.on('connect', (req: http.IncomingMessage, socket: Socket) => {
    blockedHosts.push(req.url ?? '');
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    authorizations,
    blockedHosts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface BearerCheck {
  readonly exitCode: number | null;
  /** `Authorization` headers the stub saw on `/v1/messages`; only when this function ran the stub. */
  readonly authorizations?: string[];
  readonly blockedHosts?: string[];
  readonly run: ClaudeRun;
}

/**
 * `claude -p hi` with `ANTHROPIC_BASE_URL` at a stub answering 401: shows which access token the CLI sends.
 * Without `baseUrl` it runs its own {@link startUnauthorizedStub} and returns what that saw; with `baseUrl`
 * (another stub, e.g. `startMessagesStub()`), read the headers from that stub.
 */
export async function claudeBearerCheck(target: ClaudeTarget & { baseUrl?: string }): Promise<BearerCheck> {
  if (target.baseUrl !== undefined) {
    const run = await runClaude(['-p', 'hi'], target, { env: { ANTHROPIC_BASE_URL: target.baseUrl } });
    return { exitCode: run.exitCode, run };
  }
  const stub = await startUnauthorizedStub();
  try {
    const run = await runClaude(['-p', 'hi'], target, {
      env: { ANTHROPIC_BASE_URL: stub.baseUrl, HTTPS_PROXY: stub.baseUrl, HTTP_PROXY: stub.baseUrl },
    });
    return { exitCode: run.exitCode, authorizations: [...stub.authorizations], blockedHosts: [...stub.blockedHosts], run };
  } finally {
    await stub.close();
  }
}
