// Measurements in a real VS Code (code-server + Chromium, through the e2e harness): the activation times VS Code
// itself reports, for ours and for a built-in in the same start; how fast the status bar follows the credentials
// file; and the extension host's memory before and after the extension is installed and signed in. The harness's
// teardown fails if any code-server or Chromium process survives.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { codeServerCli, runCommand, statusBarItem, withWorkbench, type CodeServer, type WorkbenchSession, type WorkbenchSessionOptions } from '../e2e/harness';
import { credentialsPath, openConsentPage, waitForJson } from '../e2e/support';
import type { TestProvider } from '../support/oauthProvider';
import { evaluateInExtensionHost, extensionHostMemory, realTimeExtensionHost, type Memory } from './extensionHost';

/** Extension ids (publisher.name), as VS Code's Startup Performance lists them. */
export const OURS = 'claude-remote-signin.claude-remote-signin';
/**
 * The built-in we compare with: small, and activated `onStartupFinished` like ours, so both start in the same
 * moment of the same extension host.
 */
export const MERGE_CONFLICT = 'vscode.merge-conflict';

/** One extension's activation in one start, in whole milliseconds (VS Code measures with Date.now()). */
export interface Activation {
  /**
   * What Developer: Show Running Extensions shows ("Activation: N ms"): VS Code's codeLoadingTime + activateCallTime,
   * from Developer: Startup Performance. The extensions activated `onStartupFinished` start their clocks together and
   * then load one after another, so each one's codeLoadingTime also holds the loading of those before it.
   */
  reported: number;
  /** Loading this extension's own code: the extension host's willLoadExtensionCode → didLoadExtensionCode marks. */
  ownLoad: number;
  /** activateCallTime: the activate() call itself, as VS Code reports it. */
  activateCall: number;
}

export interface StartupResults {
  activations: Record<typeof OURS | typeof MERGE_CONFLICT, Activation>[];
  /** Starts whose extension host was at real-time priority before the extensions started loading. */
  realTimeStarts: number;
  /** From renaming a new credentials file into place until the status bar shows it (first start only). */
  statusBarMs: number[];
  /** Sessions that failed and were run once more. */
  retried: number;
}

/** The extension host's memory after garbage collection, all three in one extension host process. */
export interface MemoryRun {
  withoutExtension: Memory;
  activated: Memory;
  signedIn: Memory;
}

const HOUR = 3_600_000;

/**
 * `starts` fresh code-servers with the extension installed before they start, each extension host at real-time
 * priority while extensions activate when the system allows it (realTimeExtensionHost).
 */
export async function startups(vsix: string, provider: TestProvider, starts: number, statusChanges: number): Promise<StartupResults> {
  const env = { CLAUDE_REMOTE_SIGNIN_OAUTH_URL: provider.origin };
  const { measured, retried } = await sessions(starts, async (start) => {
    const host = realTimeExtensionHost();
    try {
      return await session(`startup ${start + 1}`, { vsix, env, statusBarItem: /Claude/ }, async ({ server, page, context }) => {
        const marks = await extensionHostMarks();
        host.stop(); // Activation is over.
        const realTime = host.since !== undefined && host.since < (marks.get(`code/extHost/willLoadExtensionCode/${MERGE_CONFLICT}`) ?? 0);
        // Before Startup Performance opens: its document is Markdown, whose extensions then start loading.
        const statusBarMs = start === 0 ? await statusBarLatencies(page, credentialsPath(server), statusChanges) : [];
        const stats = await extensionActivationStats(server, page, context);
        const activation = (id: string): Activation => {
          const [row, started, loaded] = [stats.get(id), marks.get(`code/extHost/willLoadExtensionCode/${id}`), marks.get(`code/extHost/didLoadExtensionCode/${id}`)];
          if (!row || started === undefined || loaded === undefined) throw new Error(`${id} is missing from VS Code's activation stats (${[...stats.keys()].join(', ')}) or marks`);
          return { reported: row.loadCode + row.activateCall, ownLoad: loaded - started, activateCall: row.activateCall };
        };
        return { activations: { [OURS]: activation(OURS), [MERGE_CONFLICT]: activation(MERGE_CONFLICT) }, realTime, statusBarMs };
      });
    } finally {
      host.stop();
    }
  });
  return {
    activations: measured.map((start) => start.activations),
    realTimeStarts: measured.filter((start) => start.realTime).length,
    statusBarMs: measured.flatMap((start) => start.statusBarMs),
    retried,
  };
}

/**
 * Memory before and after installing, then after one sign-in, in the same extension host (two hosts differ by
 * several MB by themselves); `runs` fresh code-servers.
 */
export async function memoryRuns(vsix: string, provider: TestProvider, runs: number): Promise<{ runs: MemoryRun[]; retried: number }> {
  const env = { CLAUDE_REMOTE_SIGNIN_OAUTH_URL: provider.origin };
  const { measured, retried } = await sessions(runs, (run) =>
    session(`memory ${run + 1}`, { env }, async ({ server, page, context }) => {
      // The host is still busy for a while after the workbench shows: the built-ins activated on startup finished.
      await waitForExtensionHostMark(`code/extHost/didActivateExtension/${MERGE_CONFLICT}`);
      const withoutExtension = await extensionHostMemory();
      await codeServerCli(server, ['--install-extension', vsix]); // VS Code starts it without a reload.
      await statusBarItem(page, /Claude/).waitFor();
      const activated = await extensionHostMemory();
      await signIn(server, page, context);
      return { withoutExtension, activated, signedIn: await extensionHostMemory() };
    }),
  );
  return { runs: measured, retried };
}

/**
 * `count` sessions, in order. On a loaded machine a workbench now and then misses one of the harness's timeouts; a
 * failed session is run again, as many times in the group as it has sessions, and counted.
 */
async function sessions<T>(count: number, measure: (index: number) => Promise<T>): Promise<{ measured: T[]; retried: number }> {
  const measured: T[] = [];
  let retried = 0;
  while (measured.length < count) {
    try {
      measured.push(await measure(measured.length));
    } catch (error) {
      if (++retried > count) throw error;
      console.error(`bench: a session failed, running it again: ${String(error).split('\n')[0]}`);
    }
  }
  return { measured, retried };
}

/** A workbench session (harness/session.ts) that returns what `scenario` measured. */
async function session<T>(name: string, options: WorkbenchSessionOptions, scenario: (session: WorkbenchSession) => Promise<T>): Promise<T> {
  let measured: T | undefined;
  // withWorkbench wants a test context: artifacts of a failed session land in test-results/bench-<name>/.
  await withWorkbench({ name: `bench ${name}`, diagnostic: () => undefined }, options, async (opened) => void (measured = await scenario(opened)));
  return measured as T;
}

/** Waits until the extension host has set the performance mark `name`. */
async function waitForExtensionHostMark(name: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const expression = `globalThis.MonacoPerformanceMarks.getMarks().some((mark) => mark.name === ${JSON.stringify(name)})`;
  while (!(await evaluateInExtensionHost(expression))) {
    if (Date.now() > deadline) throw new Error(`the extension host never marked ${name}`);
  }
}

/** The extension host's performance marks (code/extHost/…), by name: Date.now() when each was set. */
async function extensionHostMarks(): Promise<Map<string, number>> {
  const marks = (await evaluateInExtensionHost("globalThis.MonacoPerformanceMarks.getMarks().filter((mark) => mark.name.startsWith('code/extHost/'))")) as { name: string; startTime: number }[];
  return new Map(marks.map((mark) => [mark.name, mark.startTime]));
}

interface ActivationStatsRow {
  loadCode: number;
  activateCall: number;
  finishActivate: number;
  event: string;
}

/**
 * The "Extension Activation Stats" table of Developer: Startup Performance, by extension id: VS Code's own
 * breakdown of the number Show Running Extensions shows. The document is a read-only editor; its text comes out
 * through the clipboard.
 */
async function extensionActivationStats(server: CodeServer, page: Page, context: BrowserContext): Promise<Map<string, ActivationStatsRow>> {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  await runCommand(page, 'Developer: Startup Performance');
  const editor = page.locator('.editor-instance .monaco-editor').first();
  // VS Code fills the document once startup is over: its first heading shows when the text is complete.
  await editor.locator('.view-line', { hasText: 'System Info' }).first().waitFor();
  let section: string | undefined;
  let text = '';
  // Copying needs the editor focused, which a loaded machine may not have granted yet: copy until the text arrives.
  for (const deadline = Date.now() + 20_000; section === undefined; ) {
    if (Date.now() > deadline) throw new Error(`no Extension Activation Stats in what Developer: Startup Performance copied: ${JSON.stringify(text.slice(0, 200))}`);
    await editor.locator('.view-lines').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Control+C');
    text = String(await page.evaluate('navigator.clipboard.readText()'));
    section = text.split(/^## /m).find((part) => part.startsWith('Extension Activation Stats'));
  }
  const stats = new Map<string, ActivationStatsRow>();
  for (const line of section.split('\n')) {
    // | Extension | Eager | Load Code | Call Activate | Finish Activate | Event | By |
    const cells = line.split('|').map((cell) => cell.trim());
    if (cells.length < 8 || !/^\d+$/.test(cells[3])) continue;
    stats.set(cells[1], { loadCode: Number(cells[3]), activateCall: Number(cells[4]), finishActivate: Number(cells[5]), event: cells[6] });
  }
  return stats;
}

async function signIn(server: CodeServer, page: Page, context: BrowserContext): Promise<void> {
  const consent = await openConsentPage(page, context);
  await consent.getByRole('button', { name: 'Authorize' }).click();
  await waitForJson(credentialsPath(server), (json) => Boolean(json.claudeAiOauth?.accessToken));
  await consent.close();
}

/**
 * Writes logins with different expiries the way Claude Code does (temp + rename) and times each until the status
 * bar shows it. The first write (which also creates the folder) is not timed.
 */
async function statusBarLatencies(page: Page, file: string, changes: number): Promise<number[]> {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const times: number[] = [];
  for (let change = -1; change < changes; change++) {
    const hours = 2 + change;
    const login = { accessToken: 'sk-ant-oat01-bench', expiresAt: Date.now() + hours * HOUR + 30_000, scopes: ['user:inference'] };
    const temp = `${file}.tmp.${process.pid}.${change}`;
    fs.writeFileSync(temp, JSON.stringify({ claudeAiOauth: login }), { mode: 0o600 });
    const started = performance.now();
    fs.renameSync(temp, file);
    await statusBarItem(page, new RegExp(`Claude ${hours}h 0m`)).waitFor({ timeout: 30_000 });
    if (change >= 0) times.push(performance.now() - started);
  }
  return times;
}
