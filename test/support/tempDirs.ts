// Throwaway HOME folders for tests: never the real one. Each test gets its own, removed when the test ends.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestContext } from 'node:test';

/** A fresh, empty folder (realpath'd, so lock paths compare equal), deleted after the test. */
export function tempDir(t: Pick<TestContext, 'after'>, prefix = 'claude-signin-test-'): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** `stat(file).mode & 0o777`. */
export function modeOf(file: string): number {
  return fs.statSync(file).mode & 0o777;
}
