// Runs one exported function of a compiled module in a child Node and says what it returned and how many bytes the
// call read — without letting a read that never ends (a link to /dev/zero, a FIFO nobody writes) hang or swamp the
// test run: the child is stopped once it has read far more than any file we read, or outlives a generous limit.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';

export type ChildCall =
  /** `bytesRead`: what the call read, from /proc/self/io (undefined where there is no /proc). */
  | { readonly outcome: 'returned'; readonly value: unknown; readonly bytesRead?: number }
  /** `error`: its name, message and own properties (`code`, …). */
  | { readonly outcome: 'threw'; readonly error: Readonly<Record<string, unknown>>; readonly bytesRead?: number }
  /** Stopped from outside: `bytesRead` is the child's whole count when it was stopped. */
  | { readonly outcome: 'stopped'; readonly why: 'read too much' | 'still running'; readonly bytesRead?: number };

export interface ChildLimits {
  /** Stop the child once it has read this many bytes (Linux only: /proc/<pid>/io). */
  readonly maxBytesRead: number;
  /** Stop it after this long, whatever it is doing: a bound on the test, not a wait. */
  readonly maxMs: number;
}

const CHILD = `
const fs = require('node:fs');
const [modulePath, name, argsJson] = process.argv.slice(1);
const bytesReadSoFar = () => { try { return Number(/rchar: (\\d+)/.exec(fs.readFileSync('/proc/self/io', 'utf8'))[1]); } catch { return undefined; } };
const fn = require(modulePath)[name];
const before = bytesReadSoFar();
const read = () => { const after = bytesReadSoFar(); return before === undefined || after === undefined ? undefined : after - before; };
const send = (answer) => process.stdout.write(JSON.stringify(answer));
Promise.resolve()
  .then(() => fn(...JSON.parse(argsJson)))
  .then(
    (value) => send({ outcome: 'returned', value, bytesRead: read() }),
    (error) => send({ outcome: 'threw', error: { ...error, name: error && error.name, message: String(error && error.message) }, bytesRead: read() }),
  );
`;

export function callInChild(modulePath: string, name: string, args: readonly unknown[], limits: ChildLimits): Promise<ChildCall> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', CHILD, modulePath, name, JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let stopped: ChildCall | undefined;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const stop = (why: 'read too much' | 'still running') => {
      stopped ??= { outcome: 'stopped', why, bytesRead: bytesReadBy(child.pid) };
      child.kill('SIGKILL');
    };
    // A watchdog, not a wait: it only acts when the call has already gone wrong.
    const watch = setInterval(() => {
      const read = bytesReadBy(child.pid);
      if (read !== undefined && read > limits.maxBytesRead) stop('read too much');
    }, 25);
    const limit = setTimeout(() => stop('still running'), limits.maxMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(watch);
      clearTimeout(limit);
      if (stopped) return resolve(stopped);
      try {
        resolve(JSON.parse(stdout) as ChildCall);
      } catch {
        reject(new Error(`the child exited with ${code} without an answer: ${stderr.slice(0, 2000)}`));
      }
    });
  });
}

function bytesReadBy(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    return Number(/rchar: (\d+)/.exec(fs.readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1]);
  } catch {
    return undefined;
  }
}
