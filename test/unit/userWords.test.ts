// What the user reads, in English and in Chinese: a failure as one sentence naming the host and the likely cause
// (no error code, no English inside the Chinese), the plan in Anthropic's words, the time left in the display
// language, and a tooltip that says true things about a login without a refresh token.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveClaudeLocation } from '../../src/credentials/location.js';
import type { ClaudeAiOauth } from '../../src/credentials/schema.js';
import { ANTHROPIC_ENDPOINTS } from '../../src/oauth/endpoints.js';
import { OAuthError } from '../../src/oauth/errors.js';
import { sendRequest } from '../../src/engine/transport/http.js';
import { CallbackError } from '../../src/oauth/signInErrors.js';
import { formatRemaining, loginStatus } from '../../src/login/loginStatus.js';
import { planOf } from '../../src/login/subscription.js';
import { uiModule as ui } from '../support/uiModule.js';
import * as vscode from '../support/vscodeStandIn.js';

type Messages = typeof import('../../src/ui/words/failures.js');

async function refusedConnection(): Promise<OAuthError> {
  // Port 9 (discard) is closed on loopback: a real ECONNREFUSED from undici, with its whole cause chain.
  try {
    await sendRequest({ method: 'GET', url: 'http://127.0.0.1:9/v1/oauth/token' }, { timeoutMs: 5_000 });
  } catch (error) {
    return error as OAuthError;
  }
  throw new Error('port 9 answered');
}

test('an unreachable server: one sentence naming the host and the likely cause; the codes stay out (en and zh-cn)', async (t) => {
  const error = await refusedConnection();
  assert.equal(error.kind, 'network');
  assert.match(error.message, /ECONNREFUSED/, 'the log keeps the code');

  const english = ui<Messages>(t, 'ui/words/failures.js').describeFailure(error);
  assert.equal(
    english,
    'Could not connect to 127.0.0.1:9: the connection was refused. If this machine reaches the internet through a proxy, set http.proxy or HTTPS_PROXY.',
  );
  const inChinese = ui<Messages>(t, 'ui/words/failures.js', 'zh-cn').describeFailure(error);
  assert.equal(inChinese, '无法连接 127.0.0.1:9：连接被拒绝。如果本机需要通过代理上网，请设置 http.proxy 或 HTTPS_PROXY。');
  // Nothing English in the Chinese sentence but the host and the names a user types.
  assert.deepEqual(inChinese.match(/[A-Za-z_]{3,}/g), ['http', 'proxy', 'HTTPS_PROXY']);

  const viaProxy = new OAuthError('network', 'Could not reach platform.claude.com through the proxy http://proxy.test:3128: ECONNRESET', {
    host: 'platform.claude.com',
    proxy: 'http://proxy.test:3128',
    cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
  });
  assert.equal(
    ui<Messages>(t, 'ui/words/failures.js').describeFailure(viaProxy),
    'Could not reach platform.claude.com through the proxy http://proxy.test:3128. Check that the proxy is running and lets this machine through.',
  );
  const untrusted = new OAuthError('network', 'x', { host: 'platform.claude.com', cause: { code: 'SELF_SIGNED_CERT_IN_CHAIN' } });
  assert.match(ui<Messages>(t, 'ui/words/failures.js').describeFailure(untrusted), /certificate is not trusted here.*NODE_EXTRA_CA_CERTS/);
});

test('each failure offers its next steps: Retry and Diagnose for the network, Paste a Code Instead for a browser that never came back', (t) => {
  const { nextSteps, describeFailure } = ui<Messages>(t, 'ui/words/failures.js');
  assert.deepEqual(nextSteps(new OAuthError('network', 'x', { host: 'h' })), ['retry', 'diagnose']);
  assert.deepEqual(nextSteps(new OAuthError('server_error', 'x', { status: 500 })), ['retry', 'diagnose']);
  assert.deepEqual(nextSteps(new CallbackError('timeout')), ['paste_instead', 'retry']);
  assert.deepEqual(nextSteps(new OAuthError('invalid_grant', 'x')), ['retry', 'show_log']);
  assert.equal(describeFailure(new OAuthError('server_error', 'HTTP 500', { status: 500 })), 'The Claude server had a problem on its side. Nothing was changed; try again in a few minutes.');
  assert.equal(describeFailure(new CallbackError('authorization_denied', 'access_denied')), 'You declined the sign-in in the browser. Nothing was changed.');
});

test('the plan reads as Anthropic names it, or not at all', () => {
  assert.deepEqual(planOf('max', 'default_claude_max_20x'), { name: 'Claude Max', usage: '20×' });
  assert.deepEqual(planOf('max', 'default_claude_max_5x'), { name: 'Claude Max', usage: '5×' });
  assert.deepEqual(planOf('pro', 'default_claude_ai'), { name: 'Claude Pro' });
  assert.deepEqual(planOf('team', null), { name: 'Claude Team' });
  assert.deepEqual(planOf('enterprise', undefined), { name: 'Claude Enterprise' });
  assert.equal(planOf(null, 'default_claude_max_20x'), undefined);
  assert.equal(planOf('free', null), undefined);
  assert.equal(planOf('constructor', null), undefined);
});

test('the time left in the display language', (t) => {
  const { remainingWords } = ui<typeof import('../../src/ui/words/time.js')>(t, 'ui/words/time.js', 'zh-cn');
  const words = remainingWords();
  const minutes = (n: number) => n * 60_000;
  assert.equal(formatRemaining(minutes(7 * 60 + 59), words), '7小时59分');
  assert.equal(formatRemaining(minutes(3 * 1440 + 4 * 60), words), '3天4小时');
  assert.equal(formatRemaining(minutes(12), words), '12分钟');
  assert.equal(formatRemaining(30_000, words), '不到1分钟');
  assert.equal(formatRemaining(minutes(7 * 60 + 59)), '7h 59m', 'English when no words are given');
});

test('the tooltip: a login without a refresh token is not called long-lived; the plan and the sign-in’s end in plain words', (t) => {
  const { LoginStatusBar } = ui<typeof import('../../src/ui/status/statusBar.js')>(t, 'ui/status/statusBar.js');
  const location = resolveClaudeLocation({}, '/home/dev');
  const bar = new LoginStatusBar(location, ANTHROPIC_ENDPOINTS);
  const now = Date.now();
  const tooltip = (login: ClaudeAiOauth): string => {
    bar.show({ status: loginStatus({ state: 'ok', file: { claudeAiOauth: login }, login }, now, now), refreshRefused: false, refreshing: false, now });
    const item = vscode.recorded.statusBarItems.at(-1)!;
    return (item.tooltip as { value: string }).value.replace(/\\(.)/g, '$1');
  };
  const full = { accessToken: 'sk-ant-oat01-a', expiresAt: now + 8 * 3_600_000, scopes: ['user:inference', 'user:profile'] };

  const withRefresh = tooltip({ ...full, refreshToken: 'sk-ant-ort01-r', subscriptionType: 'max', rateLimitTier: 'default_claude_max_20x' });
  assert.match(withRefresh, /Plan: Claude Max \(20×\)/);
  assert.match(withRefresh, /Sign-in lasts until about /);
  assert.doesNotMatch(withRefresh, /renewed by/);

  const noRefresh = tooltip({ ...full, subscriptionType: null, rateLimitTier: null });
  assert.match(noRefresh, /This login has no refresh token: when the access token expires, sign in again\./);
  assert.doesNotMatch(noRefresh, /Long-lived|Plan:|unknown/);

  const containerToken = tooltip({ accessToken: 'sk-ant-oat01-c', expiresAt: now + 300 * 86_400_000, scopes: ['user:inference'] });
  assert.match(containerToken, /Long-lived token for containers \(inference only\)/);
  assert.match(containerToken, /Click to keep it or sign this machine in fully\./);
  bar.dispose();
});

test('the sign-in’s end in the words of `claude auth status`: between (end − 3 days) and end, UTC dates; none when the access token outlives it', (t) => {
  const { LoginStatusBar } = ui<typeof import('../../src/ui/status/statusBar.js')>(t, 'ui/status/statusBar.js');
  const bar = new LoginStatusBar(resolveClaudeLocation({}, '/home/dev'), ANTHROPIC_ENDPOINTS);
  t.after(() => bar.dispose());
  // What 2.1.332 printed for this end: "Sign-in ends: between 2026-12-20 and 2026-12-23 (2026-12-23T17:43:35.271Z)".
  const endsAt = Date.parse('2026-12-23T17:43:35.271Z');
  const now = endsAt - 20 * 86_400_000;
  const tooltip = (expiresAt: number): string => {
    const login = { accessToken: 'sk-ant-oat01-a', refreshToken: 'sk-ant-ort01-r', expiresAt, refreshTokenExpiresAt: endsAt, scopes: ['user:inference'] };
    bar.show({ status: loginStatus({ state: 'ok', file: { claudeAiOauth: login }, login }, now, now), refreshRefused: false, refreshing: false, now });
    return (vscode.recorded.statusBarItems.at(-1)!.tooltip as { value: string }).value.replace(/\\(.)/g, '$1');
  };
  assert.match(tooltip(now + 8 * 3_600_000), /Sign-in ends: between 2026-12-20 and 2026-12-23\./);
  assert.doesNotMatch(tooltip(endsAt + 4 * 86_400_000), /Sign-in ends|Sign-in lasts/);
});
