// The usual shape of an end-to-end test in one call: a fresh code-server with the extension installed, a
// browser showing its workbench, the scenario, then artifacts if it failed, and a teardown that proves no
// process was left behind.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TestContext } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { saveArtifacts } from './artifacts';
import { launchBrowser, type Browser } from './browser';
import { startCodeServer, type CodeServer, type CodeServerOptions } from './codeServer';
import { testResultsDir } from './paths';
import { traceInto, tracing } from './trace';
import { openWorkbench, type TextMatch } from './workbench';

export interface WorkbenchSession {
  server: CodeServer;
  browser: Browser;
  context: BrowserContext;
  /** The workbench page, ready for runCommand and friends. */
  page: Page;
  /** test-results/<test name>/: artifacts land here on failure (and always with E2E_TRACE=1). */
  resultsDir: string;
}

export interface WorkbenchSessionOptions extends CodeServerOptions {
  /** Also wait for this status bar item before the scenario starts (the extension has activated). */
  statusBarItem?: TextMatch;
}

/**
 * Runs `scenario` against a fresh workbench. On failure the test's error is rethrown after saving
 * screenshots and logs to test-results/<test name>/ (the path is printed). Teardown always runs and fails
 * the test if any code-server or Chromium process survives it.
 *
 *   test('signs in', (t) => withWorkbench(t, { vsix: extensionVsix(), env }, async ({ page }) => { ... }));
 */
export async function withWorkbench(
  t: Pick<TestContext, 'name' | 'diagnostic'>,
  opts: WorkbenchSessionOptions,
  scenario: (session: WorkbenchSession) => Promise<void>,
): Promise<void> {
  const resultsDir = testResultsDir(t.name);
  fs.rmSync(resultsDir, { recursive: true, force: true });
  const timings: string[] = [];
  const timed = async <T>(phase: string, step: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await step();
    } finally {
      timings.push(`${phase} ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
  };

  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let failure: unknown;
  try {
    server = await timed('server', () => startCodeServer(opts));
    browser = await timed('browser', launchBrowser);
    const ready = { server, browser, context: browser.context, resultsDir };
    traceInto(ready.context, path.join(resultsDir, 'trace'));
    const page = await timed('workbench', () =>
      openWorkbench(ready.context, ready.server.url, ready.server.workspaceDir, { statusBarItem: opts.statusBarItem }),
    );
    await timed('scenario', () => scenario({ ...ready, page }));
  } catch (error) {
    failure = error;
  }

  if (failure !== undefined || tracing) {
    await saveArtifacts(resultsDir, { server, context: browser?.context });
    const note = `artifacts: ${path.relative(process.cwd(), resultsDir) || resultsDir}`;
    t.diagnostic(note);
    if (failure !== undefined) console.error(`  ${t.name}: ${note}`);
  }

  const teardownErrors: unknown[] = [];
  await timed('teardown', async () => {
    for (const stop of [() => browser?.close(), () => server?.stop()]) {
      await Promise.resolve().then(stop).catch((error: unknown) => teardownErrors.push(error));
    }
  });
  t.diagnostic(`timings: ${timings.join(', ')}`);

  if (failure !== undefined) throw failure;
  if (teardownErrors.length > 0) throw teardownErrors[0];
}
