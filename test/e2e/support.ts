// Shared steps of the extension's end-to-end scenarios: the test provider on 127.0.0.2 (code-server rewrites
// 127.0.0.1/localhost addresses passed to openExternal), the workbench with our .vsix, and the browser side
// of a sign-in, clicked through like a user.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TestContext } from 'node:test';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { startTestProvider, type TestProvider, type TestProviderOptions } from '../support/oauthProvider';
import {
  quickInputMessage,
  confirmOpenExternal,
  extensionVsix,
  repoRoot,
  nextPage,
  readAllLogs,
  readExtensionLog,
  runCommand,
  withWorkbench,
  type CodeServer,
  type WorkbenchSession,
  type WorkbenchSessionOptions,
} from './harness';

export const SIGN_IN_COMMAND = 'Claude: Sign in remotely';

export function vsix(): string {
  const file = extensionVsix();
  assert.ok(file, 'the packaged .vsix is missing: run `npm run package` (npm test does)');
  return file;
}

export async function startProvider(t: Pick<TestContext, 'after'>, options: TestProviderOptions = {}): Promise<TestProvider> {
  const provider = await startTestProvider({ host: '127.0.0.2', ...options });
  t.after(() => provider.close());
  return provider;
}

/** A workbench whose extension host talks to `provider`. */
export function withSignInWorkbench(
  t: Pick<TestContext, 'name' | 'diagnostic'>,
  provider: TestProvider,
  options: WorkbenchSessionOptions,
  scenario: (session: WorkbenchSession) => Promise<void>,
): Promise<void> {
  return withWorkbench(
    t,
    {
      vsix: vsix(),
      statusBarItem: /Claude/,
      ...options,
      env: { CLAUDE_REMOTE_SIGNIN_OAUTH_URL: provider.origin, ...options.env },
    },
    scenario,
  );
}

/** Runs a sign-in command and returns the provider's consent page opened in the browser. */
export async function openConsentPage(page: Page, context: BrowserContext, command = SIGN_IN_COMMAND): Promise<Page> {
  const opened = nextPage(context);
  await runCommand(page, command);
  await confirmOpenExternal(page);
  const consent = await opened;
  await consent.getByRole('heading', { name: /Authorize/ }).waitFor();
  return consent;
}

export function credentialsPath(server: CodeServer, configDir = path.join(server.home, '.claude')): string {
  return path.join(configDir, '.credentials.json');
}

/** Waits until `file` holds JSON satisfying `ready`, and returns it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of any shape, checked by the caller
export async function waitForJson(file: string, ready: (json: any) => boolean, timeoutMs = 60_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    try {
      last = fs.readFileSync(file, 'utf8');
      const json = JSON.parse(last);
      if (ready(json)) return json;
    } catch {
      // Not there yet, or caught mid-write by a non-atomic writer (ours is atomic).
    }
    if (Date.now() > deadline) throw new Error(`${file} never became ready; last content: ${last.slice(0, 200)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits for a line in the extension's log and returns the first match. */
export async function waitForLog(server: CodeServer, pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = readExtensionLog(server).match(pattern);
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`the extension never logged ${pattern}; log:\n${readExtensionLog(server)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Every secret the provider handed out or received: none may appear in any log. */
export function secretsOf(provider: TestProvider): string[] {
  const fromRequests = provider.requests.flatMap((request) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    return [body.code, body.code_verifier, body.state, body.refresh_token, request.query.code, request.query.state];
  });
  const fromAuthorize = provider.authorizeRequests.flatMap((query) => [query.state, query.code_challenge]);
  return [...provider.issuedAccessTokens, ...provider.issuedRefreshTokens, ...fromRequests, ...fromAuthorize].filter(
    (value): value is string => typeof value === 'string' && value.length >= 16,
  );
}

export function assertNoSecretsInLogs(server: CodeServer, provider: TestProvider): void {
  const secrets = secretsOf(provider);
  assert.ok(secrets.length > 0, 'the scenario should have produced secrets to look for');
  for (const [file, text] of readAllLogs(server)) {
    for (const secret of secrets) {
      assert.ok(!text.includes(secret), `a secret (${secret.slice(0, 12)}…) appears in ${file}`);
    }
    assert.doesNotMatch(text, /sk-ant-o[ar]t01-[A-Za-z0-9_-]{8}/, `an unredacted token appears in ${file}`);
  }
}

/** validateInput answers asynchronously (from the extension host): wait for the line under the input box. */
export async function waitForInputMessage(page: Page, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { text } = await quickInputMessage(page);
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`the input box never said ${pattern}; it says: ${text}`);
    await page.waitForTimeout(50);
  }
}

/**
 * With E2E_SCREENSHOTS=1, saves a screenshot for the walkthrough and the READMEs into media/screenshots/ (what a
 * user sees in a real run), cropped to `regions` (with a margin) when given, and reduced to 128 colours when
 * ImageMagick is installed: the .vsix ships them, where every kilobyte counts (test/unit/packagedReadme.test.ts).
 * Otherwise does nothing, so test runs never change the tree.
 */
export async function saveScreenshot(page: Page, name: string, ...regions: Locator[]): Promise<void> {
  if (process.env.E2E_SCREENSHOTS !== '1') return;
  const dir = path.join(repoRoot, 'media', 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  // A region that is not there (the UI changed) means the whole page rather than a failed test or a wrong crop.
  const found = await Promise.all(regions.map((region) => region.boundingBox({ timeout: 2_000 }).catch(() => null)));
  const boxes = found.every((box) => box !== null) ? found : [];
  let clip: { x: number; y: number; width: number; height: number } | undefined;
  if (boxes.length > 0) {
    const margin = 8;
    const viewport = page.viewportSize() ?? { width: Infinity, height: Infinity };
    const x = Math.max(0, Math.min(...boxes.map((b) => b.x)) - margin);
    const y = Math.max(0, Math.min(...boxes.map((b) => b.y)) - margin);
    const right = Math.min(viewport.width, Math.max(...boxes.map((b) => b.x + b.width)) + margin);
    const bottom = Math.min(viewport.height, Math.max(...boxes.map((b) => b.y + b.height)) + margin);
    clip = { x, y, width: right - x, height: bottom - y };
  }
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, clip });
  const convert = imageMagick();
  if (convert) execFileSync(convert, [file, '-colors', '128', '-strip', `PNG8:${file}`]);
}

/** ImageMagick's `convert`, if installed (some machines have a stand-in by that name that does nothing). */
function imageMagick(): string | undefined {
  for (const candidate of ['magick', 'convert', '/usr/bin/convert']) {
    const version = spawnSync(candidate, ['-version'], { encoding: 'utf8' }).stdout ?? '';
    if (version.startsWith('Version: ImageMagick')) return candidate;
  }
  return undefined;
}
