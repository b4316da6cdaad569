// Debian's Chromium, driven by playwright-core (no browser download), with a throwaway profile and HOME.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { CHROMIUM_PATH } from './paths';
import { commandLine, describeProcesses, killOnExit, processesMentioning, processTree, stopProcesses, type ProcessInfo } from './processTree';

export interface Browser {
  /** Every page of the browser, including those opened by the extension's openExternal, lives here. */
  context: BrowserContext;
  /** Closes the browser and stops all its processes; throws if any process survives. */
  close(): Promise<void>;
}

// Without the networking switches Chromium keeps trying Google's services, which this network refuses.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export async function launchBrowser(): Promise<Browser> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-chromium-'));
  const profileDir = path.join(root, 'profile');
  const home = path.join(root, 'home');
  fs.mkdirSync(home);
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 900 },
    // Chromium writes under HOME even with its own profile folder.
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_CACHE_HOME: path.join(home, '.cache') },
  });
  // A persistent context has no Browser object to ask for its process: find it by its profile folder.
  const browserPid = processTree(process.pid).find((p) => commandLine(p.pid).includes(profileDir))?.pid;
  const withdrawKillOnExit = browserPid ? killOnExit(browserPid, root) : () => undefined;

  let closing: Promise<void> | undefined;
  const closeBrowser = async (): Promise<void> => {
    // Collected before closing: helpers whose parent exits first leave the tree but not the machine.
    const tree: ProcessInfo[] = [...(browserPid ? processTree(browserPid) : []), ...processesMentioning(root)];
    await Promise.race([context.close().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 5000))]);
    const left = await stopProcesses(tree, 1000);
    withdrawKillOnExit();
    if (left.length > 0) throw new Error(`Chromium processes survived SIGKILL:\n${describeProcesses(left)}`);
    fs.rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  };
  return { context, close: () => (closing ??= closeBrowser()) };
}
