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
  customServerDialogs,
  readExtensionLog,
  quickInputSubmit,
  quickInputType,
  readStatusBarItem,
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
    await item.waitFor({ timeout: 5000 });
    const shown = await readStatusBarItem(item);
    assert.match(shown.text, /Claude (7h 5\d|8h 0)m/);
    assert.equal(shown.kind, 'standard');
    const tooltip = await statusBarTooltip(page, item);
    assert.match(tooltip, /dev@example\.com/);
    assert.match(tooltip, /CLAUDE_REMOTE_SIGNIN_OAUTH_URL/);
    await waitForNotification(page, /Signed in to Claude Code as dev@example\.com/);

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
    await saveScreenshot(page, 'paste-flow-explains');
    await quickInputType(page, `http://localhost:54545/callback?code=x&state=y`);
    await waitForInputMessage(page, /localhost address, not the code/);
    await quickInputType(page, shown.split('#')[0]);
    await waitForInputMessage(page, /part after #/);
    // What a wrapped terminal or a chat window makes of it: quotes and a line break.
    await quickInputType(page, `"${shown.slice(0, 12)} ${shown.slice(12)}"`);
    await quickInputSubmit(page);

    const written = await waitForJson(credentialsPath(server), (json) => Boolean(json.claudeAiOauth?.accessToken));
    assert.equal(written.claudeAiOauth.accessToken, provider.issuedAccessTokens.at(-1));
    await statusBarItem(page, /Claude \d+h \d+m/).waitFor({ timeout: 5000 });
    assertNoSecretsInLogs(server, provider);
  });
});

// One workbench for three ways a sign-in can end without success, in turn (each code-server start costs ~12 s).
test('Deny, then Cancel (waiting, then while finishing), leave the file untouched; then a corrupt file is kept aside and sign-in still succeeds', async (t) => {
  const provider = await startProvider(t);
  await withSignInWorkbench(t, provider, {}, async ({ server, page, context }) => {
    const file = credentialsPath(server);

    // Deny in the browser: a clear message, nothing written, the existing file untouched.
    const before = JSON.stringify({ claudeAiOauth: { accessToken: 'sk-ant-oat01-before', refreshToken: 'sk-ant-ort01-before', expiresAt: Date.now() + 3600_000, scopes: ['user:inference'] }, ...OTHER_KEYS });
    seed(file, before);
    const denied = await openConsentPage(page, context);
    await denied.getByRole('button', { name: 'Deny' }).click();
    await denied.locator('#title').waitFor();
    assert.match((await denied.locator('#title').textContent()) ?? '', /Sign-in cancelled/);
    await waitForNotification(page, /Sign-in was denied in the browser \(access_denied\)\. Nothing was changed\./);
    assert.equal(fs.readFileSync(file, 'utf8'), before);
    assert.equal(provider.tokenCalls.authorization_code, 0);
    await denied.close();

    // Cancel during the wait: the callback server closes and nothing is written.
    await openConsentPage(page, context);
    const ports = [...readExtensionLog(server).matchAll(/Callback server listening on 127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1]));
    const port = ports.at(-1)!;
    assert.equal(ports.length, 2);
    assert.equal(await portRefuses(port), false, 'the callback server listens while waiting');
    await clickNotificationAction(page, /Signing in to Claude Code/, 'Cancel');
    await waitForLog(server, /Sign-in cancelled; nothing was changed/);
    assert.equal(await portRefuses(port), true);
    assert.equal(fs.readFileSync(file, 'utf8'), before);

    // Cancel while the code is being exchanged (the token server is slow): the exchange stops and nothing is written.
    provider.failNext('token', { delayMs: 5_000 });
    const slow = await openConsentPage(page, context);
    await slow.getByRole('button', { name: 'Authorize' }).click();
    await clickNotificationAction(page, /Finishing sign-in/, 'Cancel');
    await waitForLog(server, /Sign-in cancelled; nothing was changed[^]*Sign-in cancelled; nothing was changed/);
    await new Promise((resolve) => setTimeout(resolve, 5_500)); // past the moment the token server answers
    assert.equal(fs.readFileSync(file, 'utf8'), before, 'a cancelled sign-in writes nothing');
    await slow.close();

    // A corrupt credentials file: kept aside, the user told, and sign-in still succeeds.
    const corrupt = '{"claudeAiOauth": {"accessToken": "sk-ant-oat01-half-written';
    seed(file, corrupt);
    await statusBarItem(page, /Claude: Sign in/).waitFor();
    const consent = await openConsentPage(page, context);
    await consent.getByRole('button', { name: 'Authorize' }).click();
    const toast = await waitForNotification(page, /was not valid JSON\. It was kept at/);
    const message = (await toast.textContent()) ?? '';
    const backup = fs.readdirSync(path.dirname(file)).find((name) => name.startsWith('.credentials.json.corrupt-'));
    assert.ok(backup, 'a backup of the corrupt file exists');
    assert.ok(message.includes(backup), `the message names the backup: ${message}`);
    assert.equal(fs.readFileSync(path.join(path.dirname(file), backup), 'utf8'), corrupt);
    const written = await waitForJson(file, (json) => Boolean(json.claudeAiOauth?.accessToken));
    assert.equal(written.claudeAiOauth.accessToken, provider.issuedAccessTokens.at(-1));
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
