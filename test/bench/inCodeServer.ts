// Measurements in a real VS Code (code-server + Chromium, through the e2e harness): the activation time VS Code
// itself reports, how fast the status bar follows the credentials file, and the extension host's memory before
// and after the extension is installed. The harness's teardown fails if any code-server or Chromium process survives.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { codeServerCli, runCommand, statusBarItem, withWorkbench, type CodeServer } from '../e2e/harness';
import { credentialsPath, openConsentPage, waitForJson } from '../e2e/support';
import type { TestProvider } from '../support/oauthProvider';
import { extensionHostMemory, type Memory } from './extensionHost';

export interface CodeServerResults {
  /**
   * "Activation: N ms" of each running extension in Developer: Show Running Extensions, by name (VS Code's
   * codeLoadingTime + activateCallTime). One sample: extensions activated at the same time slow each other down.
   */
  activationMs: Record<string, number>;
  /** From renaming a new credentials file into place until the status bar shows it. */
  statusBarMs: number[];
  /** The extension host's memory after garbage collection, all in one extension host process. */
  memory: { withoutExtension: Memory; activated: Memory; signedIn: Memory };
}

const HOUR = 3_600_000;
/** withWorkbench wants a test context: artifacts of a failed session land in test-results/bench-<name>/. */
const session = (name: string) => ({ name: `bench ${name}`, diagnostic: () => undefined });

export async function inCodeServer(vsix: string, provider: TestProvider, statusChanges: number): Promise<CodeServerResults> {
  const env = { CLAUDE_REMOTE_SIGNIN_OAUTH_URL: provider.origin };
  let activationMs: Record<string, number> = {};
  let statusBarMs: number[] = [];
  await withWorkbench(session('startup'), { vsix, env, statusBarItem: /Claude/ }, async ({ server, page }) => {
    activationMs = await reportedActivationTimes(page);
    statusBarMs = await statusBarLatencies(page, credentialsPath(server), statusChanges);
  });
  // Memory before and after installing in the same extension host: two hosts differ by several MB by themselves.
  const memory: Partial<CodeServerResults['memory']> = {};
  await withWorkbench(session('memory'), { env }, async ({ server, page, context }) => {
    memory.withoutExtension = await extensionHostMemory();
    await codeServerCli(server, ['--install-extension', vsix]); // VS Code starts it without a reload.
    await statusBarItem(page, /Claude/).waitFor();
    memory.activated = await extensionHostMemory();
    await signIn(server, page, context);
    memory.signedIn = await extensionHostMemory();
  });
  return { activationMs, statusBarMs, memory: memory as CodeServerResults['memory'] };
}

async function signIn(server: CodeServer, page: Page, context: BrowserContext): Promise<void> {
  const consent = await openConsentPage(page, context);
  await consent.getByRole('button', { name: 'Authorize' }).click();
  await waitForJson(credentialsPath(server), (json) => Boolean(json.claudeAiOauth?.accessToken));
  await consent.close();
}

/** Every running extension's activation time, by name, as Developer: Show Running Extensions shows it. */
async function reportedActivationTimes(page: Page): Promise<Record<string, number>> {
  await runCommand(page, 'Developer: Show Running Extensions');
  const editor = page.locator('.runtime-extensions-editor');
  await editor.locator('.activation-time', { hasText: /\d+ms/ }).first().waitFor();
  const times: Record<string, number> = {};
  // The list is virtual (only rows in view exist): scroll through it.
  for (let scroll = 0; scroll < 5; scroll++) {
    const names = await editor.locator('.extension .name').allTextContents();
    const activations = await editor.locator('.extension .activation-time').allTextContents();
    names.forEach((name, row) => (times[name] = Number(/(\d+)ms/.exec(activations[row])?.[1])));
    await editor.hover();
    await page.mouse.wheel(0, 500);
  }
  return times;
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
    await statusBarItem(page, new RegExp(`Claude ${hours}h 0m`)).waitFor({ timeout: 5000 });
    if (change >= 0) times.push(performance.now() - started);
  }
  return times;
}
