// Stops a process together with everything it started. code-server and Chromium each run a dozen helper
// processes (extension host, pty host, file watcher, renderers, ...) that outlive their parent if only the
// parent is signalled, so every PID of the tree is collected first, then signalled.
import * as fs from 'node:fs';

/** A process as seen once in /proc; the start time tells a reused PID from the original process. */
export interface ProcessInfo {
  pid: number;
  parentPid: number;
  startTime: string;
  state: string;
  command: string;
}

function readProcess(pid: number): ProcessInfo | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name is in parentheses and may itself contain spaces or parentheses.
  const nameEnd = stat.lastIndexOf(')');
  const command = stat.slice(stat.indexOf('(') + 1, nameEnd);
  const fields = stat.slice(nameEnd + 2).split(' ');
  return { pid, parentPid: Number(fields[1]), startTime: fields[19], state: fields[0], command };
}

function allProcesses(): ProcessInfo[] {
  return fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProcess(Number(name)))
    .filter((info): info is ProcessInfo => info !== undefined);
}

/** The process `rootPid` and all its descendants, parents before children. */
export function processTree(rootPid: number): ProcessInfo[] {
  const processes = allProcesses();
  const root = processes.find((p) => p.pid === rootPid);
  if (!root) return [];
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    tree.push(...processes.filter((p) => p.parentPid === tree[i].pid));
  }
  return tree;
}

/**
 * Processes whose command line contains `text`, e.g. a temporary folder: Chromium's crash handler detaches
 * from the browser's tree but names the browser's profile folder in its arguments.
 */
export function processesMentioning(text: string): ProcessInfo[] {
  return allProcesses().filter((p) => p.pid !== process.pid && commandLine(p.pid).includes(text));
}

/** Full command line, for finding a process by an argument it was started with. */
export function commandLine(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

/** Still running: exists, is the same process (not a reused PID), and is not a zombie awaiting its parent. */
export function isAlive(process: ProcessInfo): boolean {
  const now = readProcess(process.pid);
  return now !== undefined && now.startTime === process.startTime && now.state !== 'Z' && now.state !== 'X';
}

function signal(processes: ProcessInfo[], name: NodeJS.Signals): void {
  for (const p of processes) {
    if (!isAlive(p)) continue;
    try {
      process.kill(p.pid, name);
    } catch {
      // Exited between the check and the signal.
    }
  }
}

async function waitUntilGone(processes: ProcessInfo[], timeoutMs: number): Promise<ProcessInfo[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const alive = processes.filter(isAlive);
    if (alive.length === 0 || Date.now() >= deadline) return alive;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * SIGTERM every process of the tree, SIGKILL whatever is left after `graceMs`. Resolves to the processes
 * that survived even SIGKILL (normally none).
 */
export async function stopProcessTree(rootPid: number, graceMs = 3000): Promise<ProcessInfo[]> {
  return stopProcesses(processTree(rootPid), graceMs);
}

/**
 * Like stopProcessTree for a list collected earlier (a process that has exited since is skipped, even if
 * its PID was reused). Children started during shutdown are collected again before SIGKILL.
 */
export async function stopProcesses(listed: ProcessInfo[], graceMs = 3000): Promise<ProcessInfo[]> {
  const processes = [...new Map(listed.map((p) => [p.pid, p])).values()];
  signal(processes, 'SIGTERM');
  const survivors = await waitUntilGone(processes, graceMs);
  if (survivors.length === 0) return [];
  const late = survivors.flatMap((p) => processTree(p.pid));
  const stragglers = [...new Map([...survivors, ...late].map((p) => [p.pid, p])).values()];
  signal(stragglers, 'SIGKILL');
  return waitUntilGone(stragglers, 2000);
}

/** SIGKILL a tree at once, synchronously: for the test process's own exit, when there is no time to wait. */
export function killProcessTreeNow(rootPid: number): void {
  signal(processTree(rootPid), 'SIGKILL');
}

export function describeProcesses(processes: ProcessInfo[]): string {
  return processes.map((p) => `${p.pid} ${p.command}: ${commandLine(p.pid).slice(0, 160)}`).join('\n');
}

/** Trees to kill if the test process exits before stopping them, with their temporary folder to remove. */
const treesToKillOnExit = new Map<number, string | undefined>();
let exitHookInstalled = false;

/**
 * Makes sure the tree rooted at `rootPid` dies with the test process even when a test crashes or times out
 * before its teardown runs; with `tempDir`, so do processes naming that folder, and the folder is removed.
 * Returns the function that withdraws the request once the tree is stopped.
 */
export function killOnExit(rootPid: number, tempDir?: string): () => void {
  if (!exitHookInstalled) process.once('exit', killRemainingTrees);
  exitHookInstalled = true;
  treesToKillOnExit.set(rootPid, tempDir);
  return () => treesToKillOnExit.delete(rootPid);
}

// Runs in the 'exit' event: synchronous only, and one failure must not spare the other trees.
function killRemainingTrees(): void {
  for (const [pid, tempDir] of treesToKillOnExit) {
    killProcessTreeNow(pid);
    if (tempDir) signal(processesMentioning(tempDir), 'SIGKILL');
  }
  for (const tempDir of treesToKillOnExit.values()) {
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true, maxRetries: 3 });
  }
}
