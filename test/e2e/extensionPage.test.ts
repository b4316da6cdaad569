// The extension's page where users look: the Extensions view of a .vsix install. VS Code shows the README there in a
// webview with no base address that loads only https and data: images, so a relative image or link can never work in
// it: the README the .vsix ships has none. The screenshots live in the walkthrough (whose media load from the
// package) and the Chinese README opens from a command. (Once package.json names a `repository`, the page's images come
// from its https host, which this offline test cannot reach: check their addresses there instead.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import { quickPick, runCommand, webviewShowing, withWorkbench } from './harness';
import { vsix } from './support';

// One workbench for the three pages: each start of code-server and Chromium costs more than the checks themselves.
test('where users look, every image loads and no link is dead: the extension page, the Chinese README, the walkthrough', (t) =>
  withWorkbench(
    t,
    // In a container, so that the container step (and its screenshots) shows too; no automatic sign-in meanwhile.
    { vsix: vsix(), env: { REMOTE_CONTAINERS: 'true' }, userSettings: { 'claudeRemoteSignIn.containerSignIn': 'off' } },
    async ({ page }) => {
      await runCommand(page, 'Extensions: Show Enabled Extensions');
      await page.locator('.extensions-viewlet .monaco-list-row', { hasText: 'Claude Remote Sign-In' }).click();
      await assertPageWorks(page, 'Build from source', 'the extension page');

      await runCommand(page, 'Claude: Open the README in Simplified Chinese (简体中文说明)');
      await assertPageWorks(page, '从源代码构建', 'the Chinese README');

      await runCommand(page, 'Welcome: Open Walkthrough...');
      await quickPick(page, 'Get started with Claude Remote Sign-In');
      const shown = new Set<string>();
      for (const [step, text] of [
        ['Sign in remotely', 'Sign in where your code runs'],
        ['Watch and refresh the sign-in', 'Know when it runs out'],
        ['Sign in every dev container', 'Containers sign in by themselves'],
        ['Find out what is wrong', 'When something is off'],
      ] as const) {
        await page.locator('.getting-started-step', { hasText: step }).first().click();
        for (const image of await assertPageWorks(page, text, `the walkthrough step "${step}"`)) shown.add(image);
      }
      assert.deepEqual(
        [...shown].sort(),
        [
          'accounts-menu.png',
          'browser-sign-in-failed.png',
          'container-offer.png',
          'diagnose-report.png',
          'paste-code-instead.png',
          'paste-flow-explains.png',
          'status-bar-signed-in.png',
          'where-am-i-signed-in.png',
        ],
        'the walkthrough shows every screenshot the README used to show',
      );
    },
  ));

/**
 * In the webview that shows `text`, every image has loaded (none may be broken: it would show as its alt text) and
 * every link goes somewhere: an https, http or mailto address, or an anchor of this page. Returns the images' file names.
 */
async function assertPageWorks(page: Page, text: string, where: string): Promise<string[]> {
  for (;;) {
    const frame = await webviewShowing(page, text);
    try {
      return await assertFrameWorks(frame, where);
    } catch (error) {
      // VS Code rendered the webview again meanwhile (the walkthrough does when a context key changes): look again.
      if (!frame.isDetached()) throw error;
    }
  }
}

/** The few DOM members these checks read (the tests compile without the DOM library). */
interface PageImage { complete: boolean; alt: string; naturalWidth: number; getAttribute(name: string): string | null; addEventListener(event: string, listener: (value: unknown) => void): void }
interface PageLink { textContent: string | null; getAttribute(name: string): string | null }
interface PageBody { querySelectorAll(selector: string): Iterable<unknown>; ownerDocument: { getElementById(id: string): unknown } }

async function assertFrameWorks(frame: Frame, where: string): Promise<string[]> {
  const images = await frame.locator('body').evaluate(async (body: PageBody) => {
    const all = [...body.querySelectorAll('img')] as PageImage[];
    // Wait until each image has loaded or failed: `complete` is true for both.
    await Promise.all(
      all.map((img) => (img.complete ? undefined : new Promise((settled) => ['load', 'error'].forEach((e) => img.addEventListener(e, settled))))),
    );
    return all.map((img) => ({ src: String(img.getAttribute('src')), alt: String(img.alt), loaded: img.naturalWidth > 0 }));
  });
  assert.deepEqual(
    images.filter((image) => !image.loaded).map(({ alt, src }) => `${alt} (${src})`),
    [],
    `these images on ${where} show only their alt text`,
  );
  const links = await frame.locator('body').evaluate((body: PageBody) =>
    ([...body.querySelectorAll('a[href]')] as PageLink[]).map((a) => {
      const href = String(a.getAttribute('href'));
      // `#` alone is the top of the page (VS Code's own "scroll to top" button).
      const anchor = href.startsWith('#') ? decodeURIComponent(href.slice(1)) : undefined;
      const anchorFound = anchor === '' || (anchor !== undefined && body.ownerDocument.getElementById(anchor) !== null);
      return { text: String(a.textContent).trim(), href, anchorFound };
    }),
  );
  const dead = links.filter((link) => !/^(https?|mailto):/.test(link.href) && !link.anchorFound);
  assert.deepEqual(dead.map(({ text, href }) => `${text} → ${href}`), [], `these links on ${where} lead nowhere`);
  return images.map((image) => image.src.split(/[/?#]/).filter(Boolean).find((part) => part.endsWith('.png')) ?? image.src);
}
