// What a failed end-to-end test leaves behind for whoever has to find out why: screenshots of every page,
// code-server's output and the extension host logs, where the extension's own log channel writes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import type { CodeServer } from './codeServer';

/** The extension's LogOutputChannel; VS Code writes it to `<channel name>.log` in the extension host's log folder. */
export const EXTENSION_LOG_CHANNEL = 'Claude Remote Sign-In';

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => path.join(dir, name))
    .filter((file) => fs.statSync(file).isFile());
}

/** The log files of an extension's log channel, e.g. `<user-data>/logs/<session>/exthost1/<extension id>/<channel>.log`. */
export function extensionLogFiles(server: Pick<CodeServer, 'userDataDir'>, channel = EXTENSION_LOG_CHANNEL): string[] {
  return filesUnder(path.join(server.userDataDir, 'logs')).filter((file) => path.basename(file) === `${channel}.log`);
}

/** Everything the channel has logged so far ('' when it has not logged yet). */
export function readExtensionLog(server: Pick<CodeServer, 'userDataDir'>, channel = EXTENSION_LOG_CHANNEL): string {
  return extensionLogFiles(server, channel).map((file) => fs.readFileSync(file, 'utf8')).join('\n');
}

/** Every log the server wrote, keyed by file: for asserting that no secret appears in any of them. */
export function readAllLogs(server: Pick<CodeServer, 'userDataDir' | 'logFile'>): Map<string, string> {
  const files = [server.logFile, ...filesUnder(path.join(server.userDataDir, 'logs'))];
  return new Map(files.filter((file) => fs.existsSync(file)).map((file) => [file, fs.readFileSync(file, 'utf8')]));
}

/**
 * Saves screenshots of every open page, code-server's output, the extension host logs and the settings
 * files into `dir`. Best effort: a part that can't be saved is skipped, never thrown.
 */
export async function saveArtifacts(
  dir: string,
  parts: { server?: Pick<CodeServer, 'userDataDir' | 'logFile'>; context?: BrowserContext },
): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  const pages = parts.context?.pages() ?? [];
  const pageList: string[] = [];
  for (const [index, page] of pages.entries()) {
    const file = `page-${index + 1}.png`;
    await page.screenshot({ path: path.join(dir, file), timeout: 5000 }).catch(() => undefined);
    pageList.push(`${file}\t${page.url()}`);
  }
  if (pageList.length > 0) fs.writeFileSync(path.join(dir, 'pages.txt'), pageList.join('\n') + '\n');

  const { server } = parts;
  if (server) {
    copyIfPresent(server.logFile, path.join(dir, 'code-server.log'));
    copyIfPresent(path.join(server.userDataDir, 'logs'), path.join(dir, 'logs'));
    copyIfPresent(path.join(server.userDataDir, 'User/settings.json'), path.join(dir, 'user-settings.json'));
    copyIfPresent(path.join(server.userDataDir, 'Machine/settings.json'), path.join(dir, 'machine-settings.json'));
  }
  return dir;
}

function copyIfPresent(from: string, to: string): void {
  try {
    fs.cpSync(from, to, { recursive: true });
  } catch {
    // Not written yet, or the server removed it while stopping.
  }
}
