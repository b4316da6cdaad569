// Driving the VS Code workbench the way a user does: the command palette, the status bar, notifications,
// input boxes and dialogs. Selectors are VS Code 1.100's own DOM; this is the one file to fix when it changes.
import type { BrowserContext, Frame, Locator, Page } from 'playwright-core';
import { traceStep } from './trace';

export type TextMatch = string | RegExp;

// A deadline for an event, never a measure of speed (npm run bench measures that): generous, for loaded machines.
const DEFAULT_TIMEOUT_MS = 60_000;

// The page's own global, used inside evaluate(); declared here because tests compile without the DOM library.
declare const getComputedStyle: (element: unknown) => { backgroundColor: string; color: string };

/**
 * Opens `folder` in the workbench served at `serverUrl` and waits until extensions are registered (their
 * commands are in the palette). Extensions that activate `onStartupFinished` come a few seconds later: pass
 * `statusBarItem` to also wait for an item one of them shows.
 */
export async function openWorkbench(
  context: BrowserContext,
  serverUrl: string,
  folder: string,
  opts: { statusBarItem?: TextMatch; timeoutMs?: number } = {},
): Promise<Page> {
  const timeout = opts.timeoutMs ?? 60_000;
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(DEFAULT_TIMEOUT_MS);
  await page.goto(`${serverUrl}/?folder=${encodeURIComponent(folder)}`, { timeout });
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout });
  // The workbench marks each startup phase with performance.mark; this one follows the extension host's scan.
  await page.waitForFunction(() => performance.getEntriesByName('code/didLoadExtensions').length > 0, null, { timeout });
  if (opts.statusBarItem !== undefined) await statusBarItem(page, opts.statusBarItem).waitFor({ timeout });
  await traceStep(page, 'workbench-ready');
  return page;
}

/** Runs a command from the palette by its full title as shown there, e.g. "Claude: Sign In". */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = visibleQuickInput(page);
  await input.waitFor();
  await input.fill(`>${title}`);
  // The palette also lists fuzzy and recently used matches: pick the row whose label is exactly the title.
  const row = page
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: exactly(title) }) })
    .first();
  await row.waitFor();
  await traceStep(page, `palette-${title}`);
  await row.click();
  await traceStep(page, `ran-${title}`);
}

// ---- Status bar ----------------------------------------------------------------------------------------

/** The status bar item whose text (or accessible label, which also holds the tooltip) matches. */
export function statusBarItem(page: Page, text: TextMatch): Locator {
  return page.locator('.part.statusbar .statusbar-item').filter({ hasText: text });
}

/** What a user can see of a status bar item. */
export interface StatusBarItemState {
  text: string;
  /** "text, tooltip" for items with a plain-text tooltip. */
  ariaLabel: string;
  /** From the item's background colour: statusBarItem.warningBackground / errorBackground / prominentBackground. */
  kind: 'warning' | 'error' | 'prominent' | 'standard';
  backgroundColor: string;
  color: string;
}

export async function readStatusBarItem(item: Locator): Promise<StatusBarItemState> {
  return item.evaluate((element) => {
    const classes = element.classList;
    const kind = classes.contains('error-kind')
      ? 'error'
      : classes.contains('warning-kind')
        ? 'warning'
        : classes.contains('prominent-kind')
          ? 'prominent'
          : 'standard';
    const style = getComputedStyle(element);
    const label = element.querySelector('.statusbar-item-label') ?? element;
    return {
      text: (label.textContent ?? '').trim(),
      ariaLabel: element.getAttribute('aria-label') ?? '',
      kind,
      backgroundColor: style.backgroundColor,
      color: getComputedStyle(label).color,
    } as const;
  });
}

/** Hovers the item and returns the text of its tooltip (works for markdown tooltips too). */
export async function statusBarTooltip(page: Page, item: Locator): Promise<string> {
  await page.mouse.move(0, 0);
  await item.hover();
  const hover = page.locator('.workbench-hover .hover-contents').last();
  await hover.waitFor();
  const text = (await hover.innerText()).trim();
  await page.mouse.move(0, 0);
  return text;
}

// ---- Notifications -------------------------------------------------------------------------------------

/** A notification toast whose message matches; waits for it to appear. */
export async function waitForNotification(page: Page, message: TextMatch, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<Locator> {
  const toast = page
    .locator('.notification-toast .notification-list-item')
    .filter({ has: page.locator('.notification-list-item-message', { hasText: message }) })
    .first();
  await toast.waitFor({ timeout: timeoutMs });
  await traceStep(page, 'notification');
  return toast;
}

/** Clicks a button (e.g. "Retry") on the notification whose message matches. */
export async function clickNotificationAction(page: Page, message: TextMatch, button: string): Promise<void> {
  const toast = await waitForNotification(page, message);
  await toast.locator('.notification-list-item-buttons-container .monaco-button', { hasText: exactly(button) }).click();
  await traceStep(page, `clicked-${button}`);
}

// ---- Input boxes and quick picks (showInputBox, showQuickPick) -----------------------------------------

function visibleQuickInput(page: Page): Locator {
  return page.locator('.quick-input-widget .quick-input-box input').filter({ visible: true });
}

/**
 * Waits for an input box and returns its text field. With `prompt`, waits until its title, prompt line or
 * placeholder matches, so a test can't type into the previous step's box.
 */
export async function waitForQuickInput(page: Page, prompt?: TextMatch, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<Locator> {
  const input = visibleQuickInput(page);
  await input.waitFor({ timeout: timeoutMs });
  if (prompt === undefined) return input;
  const widget = page.locator('.quick-input-widget').filter({ visible: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const texts = [
      await widget.locator('.quick-input-title').textContent().catch(() => ''),
      await widget.locator('.quick-input-message').textContent().catch(() => ''),
      await input.getAttribute('placeholder').catch(() => ''),
    ];
    if (texts.some((text) => matches(text ?? '', prompt))) return input;
    if (Date.now() > deadline) throw new Error(`no input box asking ${prompt}; it shows: ${JSON.stringify(texts)}`);
    await page.waitForTimeout(100);
  }
}

/** Replaces the text in the open input box (showInputBox or a quick pick's filter). */
export async function quickInputType(page: Page, text: string): Promise<void> {
  await (await waitForQuickInput(page)).fill(text);
  await traceStep(page, 'typed');
}

/** Presses Enter in the open input box. */
export async function quickInputSubmit(page: Page): Promise<void> {
  await (await waitForQuickInput(page)).press('Enter');
  await traceStep(page, 'submitted');
}

/**
 * The line under the input box: the prompt, or the validation message (validateInput's result) once the
 * input is invalid. `severity` is 'error' when VS Code styles it as an error.
 */
export async function quickInputMessage(page: Page): Promise<{ text: string; severity: 'error' | 'warning' | 'info' }> {
  const message = page.locator('.quick-input-widget .quick-input-message').filter({ visible: true });
  const text = ((await message.textContent()) ?? '').trim();
  const box = page.locator('.quick-input-widget .monaco-inputbox').filter({ visible: true });
  const classes = (await box.getAttribute('class')) ?? '';
  const severity = classes.includes('error') ? 'error' : classes.includes('warning') ? 'warning' : 'info';
  return { text, severity };
}

/** Picks the quick pick item whose label is exactly `label`. */
export async function quickPick(page: Page, label: string): Promise<void> {
  const row = page
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: exactly(label) }) })
    .first();
  await row.click();
  await traceStep(page, `picked-${label}`);
}

// ---- Webviews ------------------------------------------------------------------------------------------

/**
 * The frame of the webview (an extension's page, a Markdown preview, a walkthrough step's media) whose text includes
 * `text`, once one shows it. A webview is an outer iframe with the document in an inner one; this returns the inner.
 */
export async function webviewShowing(page: Page, text: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      const body = await frame.locator('body').innerText({ timeout: 500 }).catch(() => '');
      if (body.includes(text)) {
        await traceStep(page, 'webview');
        return frame;
      }
    }
    if (Date.now() > deadline) throw new Error(`no webview shows "${text}"`);
    await page.waitForTimeout(200);
  }
}

// ---- Dialogs and external pages ------------------------------------------------------------------------

/** Clicks `button` in the modal dialog whose message matches (showInformationMessage(..., {modal: true})). */
export async function clickDialogButton(page: Page, message: TextMatch, button: string): Promise<void> {
  const dialog = page.locator('.monaco-dialog-box').filter({ hasText: message });
  await dialog.waitFor();
  await traceStep(page, 'dialog');
  await dialog.locator('.dialog-buttons .monaco-button', { hasText: exactly(button) }).click();
}

/**
 * Answers VS Code's "Do you want code-server to open the external website?" with Open and returns the
 * address the dialog showed. Opening a non-localhost address (such as the test OAuth server on 127.0.0.2)
 * asks this; localhost addresses open without asking.
 */
export async function confirmOpenExternal(page: Page, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<string> {
  const dialog = page.locator('.monaco-dialog-box').filter({ hasText: 'open the external website' });
  // The first sign-in at a custom OAuth server (the tests' provider) asks first; a user who set it up continues.
  const customServer = page.locator('.monaco-dialog-box').filter({ hasText: 'not to Anthropic' });
  await customServer.or(dialog).first().waitFor({ timeout: timeoutMs });
  if (await customServer.isVisible()) {
    customServerDialogs.push(((await customServer.locator('.dialog-message-text').textContent()) ?? '').trim());
    await traceStep(page, 'custom-server-dialog');
    await customServer.locator('.dialog-buttons .monaco-button', { hasText: exactly('Continue') }).click();
  }
  await dialog.waitFor({ timeout: timeoutMs });
  const address = ((await dialog.locator('.dialog-message-detail').textContent()) ?? '').trim();
  await traceStep(page, 'open-external-dialog');
  await dialog.locator('.dialog-buttons .monaco-button', { hasText: exactly('Open') }).click();
  return address;
}

/** The messages of the custom OAuth server dialogs confirmOpenExternal clicked through, oldest first. */
export const customServerDialogs: string[] = [];

/**
 * The next page the browser opens, e.g. from the extension's openExternal. Call it BEFORE the action that
 * opens the page, await it after:
 *   const opened = nextPage(context); await runCommand(page, 'Claude: Sign in remotely'); const authorize = await opened;
 */
export async function nextPage(context: BrowserContext, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<Page> {
  const deadline = Date.now() + timeoutMs;
  const page = await context.waitForEvent('page', { timeout: timeoutMs });
  // A page opened by window.open starts out blank and navigates afterwards.
  while (!/^https?:/.test(page.url())) {
    if (Date.now() > deadline) throw new Error(`the new page never left '${page.url()}'`);
    await page.waitForTimeout(50);
  }
  await page.waitForLoadState('domcontentloaded', { timeout: Math.max(deadline - Date.now(), 1) });
  await traceStep(page, 'opened-page');
  return page;
}

function matches(text: string, expected: TextMatch): boolean {
  return typeof expected === 'string' ? text.includes(expected) : expected.test(text);
}

function exactly(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}
