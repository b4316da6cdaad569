// code-server's extension host seen from outside: found in this process's tree, its Node inspector opened with
// SIGUSR1, so that garbage is collected before memory is read (without that, RSS of two otherwise equal hosts
// differs by several MB depending on when V8 last collected) and its performance marks can be read; and its
// scheduling raised while extensions activate.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { WebSocket } from 'undici';
import { processTree } from '../e2e/harness';
import { commandLine } from '../e2e/harness/processTree';
import { median } from './stats';

/**
 * process.memoryUsage() of the extension host, in bytes, and how its RSS splits (/proc/<pid>/status): `rssAnon`, the
 * process's own memory, and `rssFile`, pages of files it maps — mostly the Node binary's code and ICU data, shared
 * with every Node process on the machine.
 */
export type Memory = Record<'rss' | 'heapTotal' | 'heapUsed' | 'external' | 'arrayBuffers' | 'rssAnon' | 'rssFile', number>;

const extensionHosts = () => processTree(process.pid).filter((p) => commandLine(p.pid).includes('--type=extensionHost'));

/** The one extension host among this process's descendants. */
function extensionHostPid(): number {
  const hosts = extensionHosts();
  if (hosts.length !== 1) throw new Error(`expected one extension host, found ${hosts.length}`);
  return hosts[0].pid;
}

export interface RealTimeExtensionHost {
  /** Date.now() when the extension host was put at real-time priority; undefined if it was not (yet, or not allowed). */
  readonly since: number | undefined;
  /** Puts it back to normal scheduling and stops watching. */
  stop(): void;
}

/**
 * Watches for the extension host this process's code-server starts and puts all its threads at real-time priority
 * (SCHED_FIFO through chrt) as soon as it appears, when the system allows it (root, or CAP_SYS_NICE): the machine's
 * other processes then wait while it loads and activates extensions instead of slicing into the milliseconds
 * measured. The host takes seconds from its start to the first activation; it is looked for every 100 ms.
 */
export function realTimeExtensionHost(): RealTimeExtensionHost {
  let pid: number | undefined;
  let since: number | undefined;
  const chrt = (args: string[]) => spawnSync('chrt', ['--all-tasks', ...args, String(pid)]).status === 0;
  const watch = setInterval(() => {
    [pid] = extensionHosts().map((host) => host.pid);
    if (pid === undefined) return;
    clearInterval(watch);
    if (chrt(['--fifo', '--pid', '1'])) since = Date.now();
  }, 100);
  return {
    get since() {
      return since;
    },
    stop() {
      clearInterval(watch);
      if (since !== undefined) chrt(['--other', '--pid', '0']);
    },
  };
}

/** Evaluates `expression` (returning something JSON can carry) in the extension host. */
export async function evaluateInExtensionHost(expression: string): Promise<unknown> {
  const inspector = await openInspector(extensionHostPid());
  try {
    const { result } = await inspector.call('Runtime.evaluate', { expression, returnByValue: true });
    return result.value;
  } finally {
    inspector.close();
  }
}

/** The extension host's process.memoryUsage() after a full GC: medians of 5 samples after `settleMs` of quiet. */
export async function extensionHostMemory(settleMs = 3000): Promise<Memory> {
  const pid = extensionHostPid();
  const inspector = await openInspector(pid);
  try {
    await sleep(settleMs);
    const samples: Memory[] = [];
    for (let sample = 0; sample < 5; sample++) {
      await inspector.call('HeapProfiler.collectGarbage');
      const { result } = await inspector.call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true });
      samples.push({ ...JSON.parse(result.value), ...rssSplit(pid) });
      await sleep(300);
    }
    const keys = Object.keys(samples[0]) as (keyof Memory)[];
    return Object.fromEntries(keys.map((key) => [key, median(samples.map((sample) => sample[key]))])) as Memory;
  } finally {
    inspector.close();
  }
}

function rssSplit(pid: number): Pick<Memory, 'rssAnon' | 'rssFile'> {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kB = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rssAnon: kB('RssAnon'), rssFile: kB('RssFile') };
}

interface Inspector {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the inspector protocol answers JSON of any shape
  call(method: string, params?: object): Promise<any>;
  close(): void;
}

async function openInspector(pid: number): Promise<Inspector> {
  process.kill(pid, 'SIGUSR1'); // Node opens its inspector on 127.0.0.1 (9229 unless taken).
  let ports: number[] = [];
  for (let tries = 0; ports.length === 0; tries++) {
    if (tries === 50) throw new Error(`the extension host (${pid}) did not open its inspector`);
    await sleep(100);
    ports = listeningPorts(pid);
  }
  const [target] = (await (await fetch(`http://127.0.0.1:${ports[0]}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });
  const pending = new Map<number, (result: unknown) => void>();
  socket.onmessage = (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (message.id !== undefined) pending.get(message.id)?.(message.result);
  };
  let lastId = 0;
  return {
    call: (method, params) =>
      new Promise((resolve) => {
        pending.set(++lastId, resolve);
        socket.send(JSON.stringify({ id: lastId, method, params }));
      }),
    close: () => socket.close(),
  };
}

/** TCP ports `pid` listens on: its socket inodes in the LISTEN state of /proc/<pid>/net/tcp. */
function listeningPorts(pid: number): number[] {
  const inodes = new Set(
    fs.readdirSync(`/proc/${pid}/fd`).map((fd) => {
      try {
        return /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
      } catch {
        return undefined; // Closed meanwhile.
      }
    }),
  );
  return fs
    .readFileSync(`/proc/${pid}/net/tcp`, 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields[3] === '0A' && inodes.has(fields[9]))
    .map((fields) => parseInt(fields[1].split(':')[1], 16));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
