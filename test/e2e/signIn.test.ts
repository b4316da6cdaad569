// The product, end to end: VS Code's palette → the extension host → asExternalUri/openExternal → a real browser
// clicking the provider's consent page → the file Claude Code reads → the status bar → the real CLI.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { test } from 'node:test';
import { claudeAuthStatus } from '../support/claudeCli';
import {
  clickNotificationAction,
  confirmOpenExternal,
  customServerDialogs,
  nextPage,
  readExtensionLog,
  quickInputSubmit,
  quickInputType,
  readStatusBarItem,
  runCommand,
  statusBarItem,
  statusBarTooltip,
  waitForNotification,
  waitForQuickInput,
} from './harness';
import {
  assertNoSecretsInLogs,
  credentialsPath,
  openConsentPage,
  saveScreenshot,
  startProvider,
  waitForJson,
  waitForInputMessage,
  waitForLog,
  withSignInWorkbench,
} from './support';

const OTHER_KEYS = { mcpOAuth: { 'server|abc': { accessToken: 'mcp-token' } }, somethingNewer: { keep: [1, 2, 3] } };

function seed(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, content, { mode: 0o600 });
}

test('browser flow: palette → Authorize → credentials written, status bar shows the time left, the CLI is signed in', async (t) => {
  const provider = await startProvider(t);
  await withSignInWorkbench(t, provider, {}, async ({ server, page, context }) => {
    const file = credentialsPath(server);
    seed(file, JSON.stringify(OTHER_KEYS));
    await statusBarItem(page, /Claude: Sign in/).waitFor();

    const dialogsBefore = customServerDialogs.length;
    const consent = await openConsentPage(page, context);
    // The test provider is a custom OAuth server: before any page opened, a modal named where tokens go.
    assert.deepEqual(customServerDialogs.slice(dialogsBefore), [`Sign-in tokens will be sent to ${provider.origin}, not to Anthropic.`]);
    const redirect = new URL(consent.url()).searchParams.get('redirect_uri') ?? '';
    // code-server forwards the loopback callback through its /proxy/<port>/ path; the path was put back.
    assert.match(redirect, /^http:\/\/127\.0\.0\.1:\d+\/proxy\/\d+\/callback$/);
    await consent.getByRole('button', { name: 'Authorize' }).click();
    await consent.waitForURL(/\/oauth\/code\/success/);
    await saveScreenshot(consent, 'browser-signed-in');

    const written = await waitForJson(file, (json) => Boolean(json.claudeAiOauth?.accessToken));
    assert.equal(written.claudeAiOauth.accessToken, provider.issuedAccessTokens.at(-1));
    assert.equal(written.claudeAiOauth.refreshToken, provider.issuedRefreshTokens.at(-1));
    assert.equal(written.claudeAiOauth.subscriptionType, 'max');
    assert.deepEqual(written.mcpOAuth, OTHER_KEYS.mcpOAuth);
    assert.deepEqual(written.somethingNewer, OTHER_KEYS.somethingNewer);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.equal(fs.statSync(path.dirname(file)).mode & 0o777, 0o700);

    const item = statusBarItem(page, /Claude \d+h \d+m/);
    await item.waitFor();
    const shown = await readStatusBarItem(item);
    assert.match(shown.text, /Claude (7h 5\d|8h 0)m/);
    assert.equal(shown.kind, 'standard');
    const tooltip = await statusBarTooltip(page, item);
    assert.match(tooltip, /dev@example\.com/);
    assert.match(tooltip, /CLAUDE_REMOTE_SIGNIN_OAUTH_URL/);
    // Who, on which plan, in plain words (no backticks, no "max · default_claude_max_20x").
    const signedInToast = await waitForNotification(page, /Signed in as dev@example\.com \(Claude Max\)\. Claude Code on this machine is ready\./);
    assert.doesNotMatch((await signedInToast.textContent()) ?? '', /`/);
    assert.match(tooltip, /Plan: Claude Max \(20×\)/);

    // The real Claude Code CLI, run as the same user (the same HOME), accepts what we wrote.
    const status = await claudeAuthStatus({ home: server.home });
    assert.equal(status.exitCode, 0, JSON.stringify(status.json));
    assert.equal(status.json?.loggedIn, true);
    assert.equal(status.json?.subscriptionType, 'max');

    // The callback server served one callback and closed.
    const [, port] = await waitForLog(server, /Callback server listening on 127\.0\.0\.1:(\d+)/);
    assert.equal(await portRefuses(Number(port)), true);
    assertNoSecretsInLogs(server, provider);
  });
});

test('paste flow: a wrong paste is explained first, then the code from the page signs in', async (t) => {
  const provider = await startProvider(t);
  await withSignInWorkbench(t, provider, { machineSettings: { 'claudeRemoteSignIn.signInMethod': 'code' } }, async ({ server, page, context }) => {
    const consent = await openConsentPage(page, context);
    assert.equal(new URL(consent.url()).searchParams.get('redirect_uri'), `${provider.origin}/oauth/code/callback`);
    await consent.getByRole('button', { name: 'Authorize' }).click();
    const shown = ((await consent.locator('#code').textContent()) ?? '').trim();
    assert.match(shown, /^[^#\s]+#[^#\s]+$/);

    await waitForQuickInput(page, /paste the code/i);
    await quickInputType(page, '482913');
    await waitForInputMessage(page, /verification code from the sign-in e-mail/);
    await saveScreenshot(page, 'paste-flow-explains', page.locator('.quick-input-widget'));
    await quickInputType(page, `http://localhost:54545/callback?code=x&state=y`);
    await waitForInputMessage(page, /localhost address, not the code/);
    await quickInputType(page, shown.split('#')[0]);
    await waitForInputMessage(page, /part after #/);
    // What a wrapped terminal or a chat window makes of it: quotes and a line break.
    await quickInputType(page, `"${shown.slice(0, 12)} ${shown.slice(12)}"`);
    await quickInputSubmit(page);

    const written = await waitForJson(credentialsPath(server), (json) => Boolean(json.claudeAiOauth?.accessToken));
    assert.equal(written.claudeAiOauth.accessToken, provider.issuedAccessTokens.at(-1));
    await statusBarItem(page, /Claude \d+h \d+m/).waitFor();
    assertNoSecretsInLogs(server, provider);
  });
});

// One workbench for the ways a sign-in can end without success, in turn (each code-server start costs ~12 s), then
// "Paste a Code Instead" from the waiting notification.
test('Deny, Cancel (waiting, then while finishing) and a failed exchange leave the file untouched and tell the browser; a corrupt file is kept aside; Paste a Code Instead signs in', async (t) => {
  const provider = await startProvider(t);
  await withSignInWorkbench(t, provider, {}, async ({ server, page, context }) => {
    const file = credentialsPath(server);

    // Deny in the browser: a choice, not a failure — an info message with the way back, nothing written.
    const before = JSON.stringify({ claudeAiOauth: { accessToken: 'sk-ant-oat01-before', refreshToken: 'sk-ant-ort01-before', expiresAt: Date.now() + 3600_000, scopes: ['user:inference'] }, ...OTHER_KEYS });
    seed(file, before);
    const denied = await openConsentPage(page, context);
    await denied.getByRole('button', { name: 'Deny' }).click();
    await denied.locator('#title').waitFor();
    assert.match((await denied.locator('#title').textContent()) ?? '', /You declined the sign-in/);
    const declined = await waitForNotification(page, /You declined the sign-in in the browser\. Nothing was changed\./);
    assert.equal(await declined.locator('.codicon-info').count(), 1, 'an info message, not an error');
    assert.equal(fs.readFileSync(file, 'utf8'), before);
    assert.equal(provider.tokenCalls.authorization_code, 0);
    await denied.close();

    // "Sign In Again" starts over; Cancel during the wait: nothing is written, and an Authorize clicked afterwards in
    // the tab left open gets our page, not a refused connection.
    const reopened = nextPage(context);
    await clickNotificationAction(page, /You declined the sign-in/, 'Sign In Again');
    await confirmOpenExternal(page);
    const waiting = await reopened;
    await waiting.getByRole('heading', { name: /Authorize/ }).waitFor();
    const ports = [...readExtensionLog(server).matchAll(/Callback server listening on 127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1]));
    assert.equal(ports.length, 2);
    assert.equal(await portRefuses(ports.at(-1)!), false, 'the callback server listens while waiting');
    await clickNotificationAction(page, /Signing in to Claude Code/, 'Cancel');
    await waitForLog(server, /Sign-in cancelled; nothing was changed/);
    await waiting.getByRole('button', { name: 'Authorize' }).click();
    await waiting.locator('#title', { hasText: 'Sign-in was cancelled in VS Code' }).waitFor();
    assert.equal(fs.readFileSync(file, 'utf8'), before);
    await waiting.close();

    // Cancel while the code is being exchanged (the token server is slow): the exchange stops, nothing is written,
    // and the browser, which was waiting for the outcome, hears that it was cancelled.
    provider.failNext('token', { delayMs: 5_000 });
    const slow = await openConsentPage(page, context);
    // Not awaited: the click waits for the page to answer, and the page waits for the sign-in to end.
    const authorizing = slow.getByRole('button', { name: 'Authorize' }).click();
    await clickNotificationAction(page, /Finishing sign-in/, 'Cancel');
    await authorizing;
    await slow.locator('#title', { hasText: 'Sign-in was cancelled in VS Code' }).waitFor();
    await waitForLog(server, /Sign-in cancelled; nothing was changed[^]*Sign-in cancelled; nothing was changed/);
    await new Promise((resolve) => setTimeout(resolve, 5_500)); // past the moment the token server answers
    assert.equal(fs.readFileSync(file, 'utf8'), before, 'a cancelled sign-in writes nothing');
    await slow.close();

    // The code exchange fails: the browser is not told "all set" — it says it failed, as VS Code does, with Retry.
    provider.failNext('token', { status: 500 });
    const failing = await openConsentPage(page, context);
    await failing.getByRole('button', { name: 'Authorize' }).click();
    await failing.locator('#title', { hasText: 'Sign-in did not finish' }).waitFor();
    const because = 'The Claude server had a problem on its side. Nothing was changed; try again in a few minutes.';
    assert.equal((await failing.locator('#message').textContent()) ?? '', `${because} Return to VS Code to try again.`);
    assert.equal(new URL(failing.url()).pathname.endsWith('/callback'), true, 'never sent on to the success page');
    const failure = await waitForNotification(page, because);
    assert.deepEqual(await failure.locator('.notification-list-item-buttons-container .monaco-button').allTextContents(), ['Retry', 'Diagnose']);
    await saveScreenshot(failing, 'browser-sign-in-failed', failing.locator('main'));
    assert.equal(fs.readFileSync(file, 'utf8'), before);
    await failing.close();

    // A corrupt credentials file: kept aside, the user told, and the sign-in (Retry on the failure) succeeds.
    const corrupt = '{"claudeAiOauth": {"accessToken": "sk-ant-oat01-half-written';
    seed(file, corrupt);
    await statusBarItem(page, /Claude: Sign in/).waitFor();
    const retried = nextPage(context);
    await clickNotificationAction(page, because, 'Retry');
    await confirmOpenExternal(page);
    const consent = await retried;
    await consent.getByRole('button', { name: 'Authorize' }).click();
    const toast = await waitForNotification(page, /was not valid JSON\. It was kept at/);
    const message = (await toast.textContent()) ?? '';
    const backup = fs.readdirSync(path.dirname(file)).find((name) => name.startsWith('.credentials.json.corrupt-'));
    assert.ok(backup, 'a backup of the corrupt file exists');
    assert.ok(message.includes(backup), `the message names the backup: ${message}`);
    assert.equal(fs.readFileSync(path.join(path.dirname(file), backup), 'utf8'), corrupt);
    const written = await waitForJson(file, (json) => Boolean(json.claudeAiOauth?.accessToken));
    assert.equal(written.claudeAiOauth.accessToken, provider.issuedAccessTokens.at(-1));
    await consent.close();

    // The browser never comes back (a proxy eating localhost): "Paste a Code Instead" in the waiting notification
    // switches this very sign-in to the paste flow, and it completes.
    // VS Code shows only a few toasts at once: the earlier steps' messages must not hide the waiting notification.
    await runCommand(page, 'Notifications: Clear All Notifications');
    await openConsentPage(page, context);
    await waitForNotification(page, /Browser not coming back\?/);
    await saveScreenshot(page, 'paste-code-instead', page.locator('.notification-toast').filter({ hasText: 'Browser not coming back' }));
    const pastePage = nextPage(context);
    await page.locator('.notification-list-item-message a', { hasText: 'Paste a Code Instead' }).click();
    await confirmOpenExternal(page);
    const manual = await pastePage;
    assert.equal(new URL(manual.url()).searchParams.get('redirect_uri'), `${provider.origin}/oauth/code/callback`);
    await manual.getByRole('button', { name: 'Authorize' }).click();
    const shown = ((await manual.locator('#code').textContent()) ?? '').trim();
    await waitForQuickInput(page, /paste the code/i);
    await quickInputType(page, shown);
    await quickInputSubmit(page);
    await waitForJson(file, (json) => json.claudeAiOauth?.accessToken === provider.issuedAccessTokens.at(-1) && json.claudeAiOauth.accessToken !== written.claudeAiOauth.accessToken);
    await waitForNotification(page, /Signed in as dev@example\.com \(Claude Max\)/);
    await waitForLog(server, /The user chose to paste a code instead of waiting for the browser/);
    assertNoSecretsInLogs(server, provider);
  });
});

function portRefuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}
