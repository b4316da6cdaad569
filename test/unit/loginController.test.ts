// The login controller against the vscode stand-in, a real engine and the test OAuth provider: what the status bar
// shows and what a click does while a notification waits for an answer that may never come.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test, type TestContext } from 'node:test';
import type * as Engine from '../../src/engine';
import { resolveClaudeLocation, type ClaudeLocation } from '../../src/credentials/location';
import { silentLog } from '../../src/logging/log';
import type { LoginSnapshot } from '../../src/login/loginMonitor';
import { startTestProvider, type TestProvider, type TestProviderOptions } from '../support/oauthProvider';
import { tempDir } from '../support/tempDirs';
import * as vscode from '../support/vscodeStandIn';

/** What the tests drive: the status bar's click, the Refresh command, and the login as re-read (src/ui/status/, src/ui/signIn/). */
interface Controller {
  click(): Promise<void>;
  refresh(trigger: 'click' | 'auto'): Promise<void>;
  onDidChange(listener: (snapshot: LoginSnapshot) => void): { dispose(): void };
  start(): Promise<void>;
  dispose(): void;
}

interface Setup {
  readonly provider: TestProvider;
  readonly location: ClaudeLocation;
  readonly controller: Controller;
  /** The status bar item's text now. */
  statusText(): string;
  /** The login on disk now. */
  fileLogin(): { accessToken: string; refreshToken: string; expiresAt: number };
  /** Signs in through the provider and writes the login (as another window, or Claude Code itself, would). */
  signInElsewhere(): Promise<string>;
  /** Resolves with the next snapshot the controller reads that `matches`. */
  nextChange(matches: (snapshot: LoginSnapshot) => boolean): Promise<LoginSnapshot>;
}

/** A controller on a fresh HOME with one login, the provider behind it; everything torn down after the test. */
async function controllerWithLogin(t: TestContext, providerOptions: TestProviderOptions = {}): Promise<Setup> {
  vscode.useVscodeStandIn(t);
  const provider = await startTestProvider(providerOptions);
  t.after(() => provider.close());
  const location = resolveClaudeLocation({}, tempDir(t));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- after the vscode stand-in is in place, or the module object itself
  const engine = require('../../src/engine') as typeof Engine;
  // Anthropic's layout at the provider's address, as if it were Anthropic (no approval modal).
  const endpoints = { ...provider.endpoints, overridden: false };
  const signInElsewhere = async (): Promise<string> => {
    const attempt = engine.startAttempt(endpoints, 'http://localhost:1234/callback');
    const { code } = await provider.approve(attempt.authorizeUrl);
    return (await engine.finishAttempt(attempt, code, { endpoints, location, log: silentLog })).login.refreshToken!;
  };
  await signInElsewhere();

  /* eslint-disable @typescript-eslint/no-require-imports -- after the vscode stand-in is in place */
  const { LoginModel } = require('../../src/ui/status/loginModel') as typeof import('../../src/ui/status/loginModel');
  const { SignIns } = require('../../src/ui/signIn/signIns') as typeof import('../../src/ui/signIn/signIns');
  const { LoginRefresher } = require('../../src/ui/status/autoRefresh') as typeof import('../../src/ui/status/autoRefresh');
  const { LoginStatusBar, showLoginOnStatusBar } = require('../../src/ui/status/statusBar') as typeof import('../../src/ui/status/statusBar');
  const { clickStatusBar } = require('../../src/ui/status/statusBarClick') as typeof import('../../src/ui/status/statusBarClick');
  const { CustomServerApproval } = require('../../src/ui/signIn/customServerApproval') as typeof import('../../src/ui/signIn/customServerApproval');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const approval = new CustomServerApproval(endpoints, tempDir(t), silentLog);
  const model = new LoginModel(silentLog, location, () => engine);
  const signIns = new SignIns(silentLog, location, endpoints, () => engine, approval, model);
  const refresher = new LoginRefresher(silentLog, location, endpoints, () => engine, approval, model, signIns);
  const bar = new LoginStatusBar(location, endpoints);
  const shown = showLoginOnStatusBar(bar, model, refresher);
  const controller: Controller = {
    click: () => clickStatusBar(model, refresher, signIns),
    refresh: (trigger) => refresher.refresh(trigger),
    onDidChange: (listener) => model.onDidChange(({ state, change }) => change === 'reread' && listener(state.snapshot)),
    start: () => model.start(),
    dispose: () => [shown, bar, refresher, signIns, model].forEach((part) => part.dispose()),
  };
  t.after(() => controller.dispose());
  const nextChange = (matches: (snapshot: LoginSnapshot) => boolean) =>
    new Promise<LoginSnapshot>((resolve) => {
      const subscription = controller.onDidChange((snapshot) => {
        if (!matches(snapshot)) return;
        subscription.dispose();
        resolve(snapshot);
      });
    });
  await controller.start();
  const item = vscode.recorded.statusBarItems.find((candidate) => candidate.id === 'claudeRemoteSignIn.status');
  assert.ok(item, 'the status bar item exists');
  return {
    provider,
    location,
    controller,
    statusText: () => item.text,
    fileLogin: () => JSON.parse(fs.readFileSync(location.credentialsFile, 'utf8')).claudeAiOauth,
    signInElsewhere,
    nextChange,
  };
}

/** Notifications of `severity` stay up without an answer (as when the user ignores them and they hide); `shown` lists them. */
function unansweredNotifications(t: TestContext, severity: 'showWarningMessage' | 'showInformationMessage' | 'showErrorMessage') {
  const shown: string[] = [];
  let notify: (() => void) | undefined;
  const original = vscode.window[severity];
  vscode.window[severity] = async (text: string) => {
    shown.push(text);
    notify?.();
    return new Promise<undefined>(() => undefined);
  };
  t.after(() => (vscode.window[severity] = original));
  return {
    shown,
    /** Resolves once a notification has been shown. */
    next: () => new Promise<void>((resolve) => (shown.length > 0 ? resolve() : (notify = resolve))),
  };
}

const refreshTokenOf = (snapshot: LoginSnapshot) => (snapshot.read.state === 'ok' ? snapshot.read.login?.refreshToken : undefined);

test('an unanswered "sign in again" warning never holds the refresh: after a new login appears, a click refreshes it', async (t) => {
  const setup = await controllerWithLogin(t);
  const warnings = unansweredNotifications(t, 'showWarningMessage');
  setup.provider.revokeRefreshToken(setup.fileLogin().refreshToken);

  // The click meets a refused refresh token: the warning offers a sign-in, and nobody answers it.
  const clicked = setup.controller.click();
  await warnings.next();
  assert.match(warnings.shown[0], /no longer accepts this login/);

  // A new login arrives on disk another way (another window's sign-in, or `claude auth login`).
  const reread = setup.nextChange((snapshot) => refreshTokenOf(snapshot) === setup.fileLogin().refreshToken);
  const fresh = await setup.signInElsewhere();
  await reread;
  assert.doesNotMatch(setup.statusText(), /sync~spin/, `the status bar is not stuck refreshing: "${setup.statusText()}"`);

  // The status bar's click (and so the Refresh command) acts on the new login.
  const calls = setup.provider.tokenCalls.refresh_token;
  await setup.controller.click();
  assert.equal(setup.provider.tokenCalls.refresh_token, calls + 1, 'the click sent one refresh');
  assert.notEqual(setup.fileLogin().refreshToken, fresh, 'the new login was refreshed');
  assert.equal(setup.provider.isRefreshTokenLive(setup.fileLogin().refreshToken), true);
  assert.doesNotMatch(setup.statusText(), /sync~spin/);
  // So does "Claude: Refresh sign-in".
  const clickedOnce = setup.fileLogin().refreshToken;
  await setup.controller.refresh('click');
  assert.notEqual(setup.fileLogin().refreshToken, clickedOnce, 'the Refresh command refreshed too');
  await clicked; // The first click ended long ago: it only showed the warning.
});

/**
 * Simulated time for `setTimeout` and `Date`; the provider, the files and the locks stay real. The credentials file's
 * modification time is read on the simulated clock too, as the planner dates the token's lifetime from it.
 */
function simulateTime(t: TestContext): void {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: Date.now() });
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- after the vscode stand-in is in place, or the module object itself
  const promises = (require('node:fs') as typeof fs).promises;
  const stat = promises.stat;
  const realNow = () => performance.timeOrigin + performance.now();
  promises.stat = (async (...args: Parameters<typeof stat>) => {
    const stats = await stat(...args);
    if (String(args[0]).endsWith('.credentials.json')) (stats as fs.Stats).mtimeMs += Date.now() - realNow();
    return stats;
  }) as typeof stat;
  t.after(() => (promises.stat = stat));
}

/**
 * Runs the controller for `windowMs` of simulated time, one second at a time, letting each automatic refresh finish
 * before the clock moves on. Stops early once `cap` token requests were sent. Returns when each was sent (simulated
 * seconds from the start).
 */
async function tokenRequestsOver(t: TestContext, setup: Setup, windowMs: number, cap: number): Promise<{ sentAt: number[]; simulatedMs: number }> {
  const before = setup.provider.tokenCalls.refresh_token;
  const sentAt: number[] = [];
  let simulatedMs = 0;
  while (simulatedMs < windowMs && sentAt.length < cap) {
    t.mock.timers.tick(1000);
    simulatedMs += 1000;
    // A refresh the tick started shows in the status bar at once; wait for it to end.
    while (/sync~spin/.test(setup.statusText())) await new Promise((resolve) => setImmediate(resolve));
    while (sentAt.length < setup.provider.tokenCalls.refresh_token - before) sentAt.push(simulatedMs / 1000);
  }
  return { sentAt, simulatedMs };
}

/** The shortest time between two requests, in seconds. */
const shortestGap = (sentAt: number[]) => Math.min(...sentAt.slice(1).map((at, i) => at - sentAt[i]));

for (const [name, lifetimeSeconds, expected] of [
  // Due at half their lifetime: at 2.5, 5, 7.5 and 10 minutes.
  ['5-minute tokens are renewed every 2.5 minutes', 300, { requests: 4, gap: 150 }],
  // Due 15 s after each write; the one-minute floor decides.
  ['30-second tokens are renewed once a minute', 30, { requests: 10, gap: 60 }],
] as const) {
  test(`automatic refresh against a server issuing short-lived tokens: ${name}, not in a loop`, async (t) => {
    simulateTime(t);
    const setup = await controllerWithLogin(t, { accessTokenLifetimeSeconds: lifetimeSeconds });
    const { sentAt, simulatedMs } = await tokenRequestsOver(t, setup, 10 * 60_000, 50);
    t.diagnostic(`${sentAt.length} refresh requests in ${simulatedMs / 1000} simulated seconds (${lifetimeSeconds}-second tokens), at ${sentAt.join(', ')} s`);
    assert.ok(sentAt.length <= expected.requests, `at most ${expected.requests} refreshes in 10 minutes, not ${sentAt.length} in ${simulatedMs / 1000} s`);
    assert.ok(sentAt.length >= expected.requests - 1, `the login is still renewed before it expires (${sentAt.length} refreshes)`);
    assert.ok(shortestGap(sentAt) >= expected.gap - 1, `at least ${expected.gap} s between two refreshes (${sentAt.join(', ')})`);
    assert.equal(setup.provider.isRefreshTokenLive(setup.fileLogin().refreshToken), true, 'the file holds the live end of the chain');
  });
}

test('a rate-limited token endpoint (429 with Retry-After) is asked again only after Retry-After, backing off further', async (t) => {
  simulateTime(t);
  const setup = await controllerWithLogin(t, { accessTokenLifetimeSeconds: 300 });
  const login = setup.fileLogin();
  setup.provider.failNext('token', { status: 429, retryAfterSeconds: 120 }, 1000);
  const { sentAt, simulatedMs } = await tokenRequestsOver(t, setup, 10 * 60_000, 50);
  t.diagnostic(`${sentAt.length} refresh requests in ${simulatedMs / 1000} simulated seconds, every one answered 429, at ${sentAt.join(', ')} s`);
  // Due at 2.5 min; then Retry-After (2 min), 2 min, 4 min: at 2.5, 4.5, 6.5 and 10.5 minutes.
  assert.equal(sentAt.length, 3, `3 requests in 10 minutes, not ${sentAt.length} in ${simulatedMs / 1000} s`);
  assert.ok(shortestGap(sentAt) >= 120, `never sooner than Retry-After (${sentAt.join(', ')})`);
  assert.deepEqual(setup.fileLogin(), login, 'the login on disk is untouched');
  assert.match(setup.statusText(), /warning/, 'the status bar shows a problem');
});
