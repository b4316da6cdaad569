// Where the end-to-end tests find what test/e2e/setup.sh installed and where they leave their artifacts.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3';
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** The extension's repository: the nearest folder above this file with a package.json (works from src and out). */
export const repoRoot: string = (() => {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
  }
  throw new Error(`no package.json above ${__dirname}`);
})();

/** code-server's Node entry point; E2E_CODE_SERVER may point at another install's entry.js. */
export function codeServerEntry(): string {
  const entry =
    process.env.E2E_CODE_SERVER ??
    path.join(repoRoot, '.cache/e2e', `code-server-${CODE_SERVER_VERSION}`, 'node_modules/code-server/out/node/entry.js');
  if (!fs.existsSync(entry)) {
    throw new Error(`code-server is not installed at ${entry}; run: bash test/e2e/setup.sh`);
  }
  return entry;
}

/** test-results/<test name>/, with the name made safe for a folder. */
export function testResultsDir(testName: string): string {
  const safeName = testName.replace(/[^\w.-]+/g, '-').replace(/^-|-$/g, '').slice(0, 100) || 'unnamed';
  return path.join(repoRoot, 'test-results', safeName);
}

/** The extension package built by `npm run package`; the test runner passes its path as E2E_VSIX. */
export function extensionVsix(): string | undefined {
  const vsix = process.env.E2E_VSIX;
  return vsix && fs.existsSync(vsix) ? vsix : undefined;
}
