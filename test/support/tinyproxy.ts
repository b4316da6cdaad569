// A real HTTP CONNECT proxy for tests: Debian's tinyproxy in the foreground on 127.0.0.1, with its config, log
// and pid file in a test-owned folder. Its own log shows which CONNECTs it was asked for.
// Installed by test/e2e/setup.sh (apt package `tinyproxy`).
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

export interface TinyproxyOptions {
  /** An existing, test-owned folder for the config, log and pid file. */
  readonly dir: string;
  /** The only ports CONNECT may reach; empty refuses every CONNECT with 403. */
  readonly connectPorts: readonly number[];
  /** Require these credentials (tinyproxy answers 401 without them). */
  readonly basicAuth?: { readonly user: string; readonly password: string };
}

export interface Tinyproxy {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Everything tinyproxy has logged so far. */
  logText(): string;
  /** The `host:port` of every CONNECT it was asked for, refused or not, in order. */
  connects(): string[];
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 5_000;

export async function startTinyproxy(options: TinyproxyOptions): Promise<Tinyproxy> {
  // A free port can be taken between our probe and tinyproxy's bind: try a few.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options, await freePort());
    } catch (error) {
      if (attempt === 3) {
        throw error;
      }
    }
  }
}

async function startOnce(options: TinyproxyOptions, port: number): Promise<Tinyproxy> {
  const file = (name: string) => path.join(options.dir, name);
  const logFile = file(`tinyproxy-${port}.log`);
  const configFile = file(`tinyproxy-${port}.conf`);
  // No User/Group: tinyproxy keeps the current user (it only warns when that is root).
  const config = [
    'Listen 127.0.0.1',
    `Port ${port}`,
    'Timeout 30',
    `LogFile "${logFile}"`,
    'LogLevel Info',
    `PidFile "${file(`tinyproxy-${port}.pid`)}"`,
    'MaxClients 20',
    'Allow 127.0.0.1',
    ...(options.connectPorts.length ? options.connectPorts : [0]).map((p) => `ConnectPort ${p}`),
    ...(options.basicAuth ? [`BasicAuth ${options.basicAuth.user} ${options.basicAuth.password}`] : []),
  ];
  fs.writeFileSync(configFile, `${config.join('\n')}\n`);

  const child = spawn('tinyproxy', ['-d', '-c', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const logText = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '');
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    await stopProcess(child);
  };

  try {
    await waitUntil(() => logText().includes('Accepting connections'), () => {
      if (spawnError) {
        return `${spawnError.message} (is tinyproxy installed? test/e2e/setup.sh installs it)`;
      }
      return child.exitCode !== null || child.signalCode !== null ? `it exited (${child.exitCode ?? child.signalCode})` : undefined;
    });
  } catch (error) {
    await stop();
    throw new Error(`tinyproxy did not start on port ${port}: ${(error as Error).message}\n${stderr}${logText()}`);
  }
  return {
    url: `http://127.0.0.1:${port}`,
    logText,
    connects: () => [...logText().matchAll(/Request \(file descriptor \d+\): CONNECT (\S+) /g)].map((m) => m[1]),
    stop,
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntil(ready: () => boolean, failure: () => string | undefined): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!ready()) {
    const problem = failure();
    if (problem) {
      throw new Error(problem);
    }
    if (Date.now() > deadline) {
      throw new Error(`not ready within ${START_TIMEOUT_MS} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** SIGTERM, then SIGKILL if it lingers; resolves once the process is gone. */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
  await exited;
  clearTimeout(timer);
}
