// A repository can commit `.claude/settings.json -> /dev/zero` (or a FIFO, or a huge file), and the extension reads
// that file at startup with no click: every file we read — settings, the credentials file, `.claude.json`, our own
// small files, a CA bundle — is read only when it is a regular file, and only up to a size cap. Each read runs in a
// child Node that is stopped if it reads far too much or runs far too long, so a regression fails instead of
// hanging the run (the child reports what the call returned and how many bytes it read, from /proc/self/io).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { resolveClaudeLocation } from '../../src/credentials/location';
import { callInChild, type ChildCall } from '../support/boundedChild';
import { tempDir } from '../support/tempDirs';

const MiB = 1024 * 1024;
const src = (module: string) => path.join(__dirname, '..', '..', 'src', module);
/** Stop a child that has read this much: far past every cap but `.claude.json`'s, which it reaches only when broken. */
const LIMITS = { maxBytesRead: 256 * MiB, maxMs: 20_000 };
/** What reading a skipped file may cost: a stat, never its contents. */
const A_FEW_BYTES = 64 * 1024;

type Kind = 'a link to /dev/zero' | 'a FIFO nobody writes to' | 'a file over the cap';

/** Puts something that is not a small regular file at `file`. */
function plant(kind: Kind, file: string, capBytes: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (kind === 'a link to /dev/zero') fs.symlinkSync('/dev/zero', file);
  else if (kind === 'a FIFO nobody writes to') assert.equal(spawnSync('mkfifo', [file]).status, 0, 'mkfifo');
  // Valid JSON one byte over the cap (so a reader that ignores the cap would happily use it).
  else {
    const json = (pad: number) => `{"apiKeyHelper":"echo key","pad":"${'x'.repeat(pad)}"}`;
    fs.writeFileSync(file, json(capBytes + 1 - json(0).length));
    assert.equal(fs.statSync(file).size, capBytes + 1);
  }
}

interface Reader {
  readonly what: string;
  readonly module: string;
  readonly fn: string;
  readonly capBytes: number;
  /** Where the file goes under a temporary home, and the call's arguments. */
  readonly place: (home: string) => { file: string; args: unknown[] };
  /** The typed reason the call gives for not reading the file. */
  readonly reasonOf: (call: ChildCall) => unknown;
}

const returned = (call: ChildCall) => (call.outcome === 'returned' ? (call.value as Record<string, unknown> | undefined) : undefined);
const thrown = (call: ChildCall) => (call.outcome === 'threw' ? (call.error as Record<string, unknown>) : undefined);

const READERS: readonly Reader[] = [
  {
    what: 'a project settings file',
    module: 'credentials/claudeSettings.js',
    fn: 'readSettingsFile',
    capBytes: 1 * MiB,
    place: (home) => {
      const file = path.join(home, 'project', '.claude', 'settings.json');
      return { file, args: [file] };
    },
    reasonOf: (call) => (returned(call)?.skipped as { reason?: string } | undefined)?.reason,
  },
  {
    what: 'the credentials file',
    module: 'credentials/read.js',
    fn: 'readCredentials',
    capBytes: 4 * MiB,
    place: (home) => {
      const location = resolveClaudeLocation({}, home);
      return { file: location.credentialsFile, args: [location] };
    },
    reasonOf: (call) => (thrown(call)?.name === 'FileSkippedError' ? thrown(call)?.reason : undefined),
  },
  {
    what: '.claude.json',
    module: 'credentials/globalConfig.js',
    fn: 'readGlobalConfig',
    capBytes: 128 * MiB,
    place: (home) => {
      const file = resolveClaudeLocation({}, home).globalConfigFile;
      return { file, args: [file] };
    },
    reasonOf: (call) => (returned(call)?.skipped as { reason?: string } | undefined)?.reason,
  },
  // The helper every reader uses, and its synchronous twin (our own state files, NODE_EXTRA_CA_CERTS).
  ...(['readSmallFile', 'readSmallFileSync'] as const).map(
    (fn): Reader => ({
      what: `a small file read by ${fn}`,
      module: 'credentials/smallFile.js',
      fn,
      capBytes: 64 * 1024,
      place: (home) => {
        const file = path.join(home, 'state.json');
        return { file, args: [file, 64 * 1024] };
      },
      reasonOf: (call) => returned(call)?.reason,
    }),
  ),
];

const KINDS: readonly [Kind, string][] = [
  ['a link to /dev/zero', 'not_a_regular_file'],
  ['a FIFO nobody writes to', 'not_a_regular_file'],
  ['a file over the cap', 'too_large'],
];

describe('reads are bounded: only regular files, only up to a cap', { skip: process.platform === 'win32' && 'no /dev/zero or FIFOs' }, () => {
  for (const reader of READERS) {
    for (const [kind, reason] of KINDS) {
      test(`${reader.what} that is ${kind} is skipped at once, as ${reason}`, async (t) => {
        const home = tempDir(t);
        const { file, args } = reader.place(home);
        // A sparse file for the big cap: over it by size, without writing 128 MiB.
        if (kind === 'a file over the cap' && reader.capBytes > 16 * MiB) {
          fs.mkdirSync(path.dirname(file), { recursive: true });
          fs.writeFileSync(file, '');
          fs.truncateSync(file, reader.capBytes + 1);
        } else {
          plant(kind, file, reader.capBytes);
        }
        const call = await callInChild(src(reader.module), reader.fn, args, LIMITS);
        assert.notEqual(call.outcome, 'stopped', call.outcome === 'stopped' ? `the child was stopped (${call.why}) after reading ${call.bytesRead} bytes` : '');
        if (call.bytesRead !== undefined) assert.ok(call.bytesRead < A_FEW_BYTES, `the call read ${call.bytesRead} bytes`);
        assert.equal(reader.reasonOf(call), reason, JSON.stringify(call).slice(0, 500));
      });
    }
  }
});
