// Which proxy a request goes through: VS Code's http.proxy, the usual environment variables, NO_PROXY and
// http.noProxy — and that nothing we log or show carries the proxy's password.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { noProxyMatch } from '../../src/engine/transport/noProxy.js';
import { createDispatcher, describeProxy, resolveProxy } from '../../src/engine/transport/proxy.js';
import { OAuthError } from '../../src/oauth/errors.js';

const TOKEN_URL = 'https://platform.claude.com/v1/oauth/token';

test('http.proxy wins over the environment, and gets http:// when written without a scheme', () => {
  assert.deepEqual(
    resolveProxy(TOKEN_URL, { configuredProxy: 'proxy.corp:3128', env: { HTTPS_PROXY: 'http://env:1' } }),
    { proxyUrl: 'http://proxy.corp:3128', source: 'http.proxy' },
  );
});

test('https targets: https_proxy, HTTPS_PROXY, then http_proxy (as Claude Code), then ALL_PROXY', () => {
  const all = {
    https_proxy: 'http://a:1',
    HTTPS_PROXY: 'http://b:1',
    http_proxy: 'http://c:1',
    HTTP_PROXY: 'http://d:1',
    all_proxy: 'http://e:1',
    ALL_PROXY: 'http://f:1',
  };
  const order = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY', 'all_proxy', 'ALL_PROXY'] as const;
  for (const [i, source] of order.entries()) {
    const env = Object.fromEntries(order.slice(i).map((name) => [name, all[name]]));
    assert.deepEqual(resolveProxy(TOKEN_URL, { env }), { proxyUrl: all[source], source });
  }
});

test('http targets ignore HTTPS_PROXY', () => {
  const env = { HTTPS_PROXY: 'http://secure:1', HTTP_PROXY: 'http://plain:1' };
  assert.deepEqual(resolveProxy('http://example.com/', { env }), { proxyUrl: 'http://plain:1', source: 'HTTP_PROXY' });
});

test('no proxy anywhere, or only empty values: direct', () => {
  assert.deepEqual(resolveProxy(TOKEN_URL, { env: {} }), {});
  assert.deepEqual(resolveProxy(TOKEN_URL, { configuredProxy: ' ', env: { HTTPS_PROXY: '' } }), {});
});

test('a SOCKS all_proxy (as Clash exports it) is skipped for the next usable variable', () => {
  const env = { all_proxy: 'socks5://127.0.0.1:7890' };
  assert.deepEqual(resolveProxy(TOKEN_URL, { env }), {});
  assert.deepEqual(resolveProxy(TOKEN_URL, { env: { ...env, https_proxy: 'http://127.0.0.1:7890' } }), {
    proxyUrl: 'http://127.0.0.1:7890',
    source: 'https_proxy',
  });
});

test('NO_PROXY (either case) and http.noProxy bypass the proxy and say which entry did', () => {
  const env = { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'localhost, .claude.com' };
  assert.deepEqual(resolveProxy(TOKEN_URL, { env }), { source: 'HTTPS_PROXY', bypassedBy: 'NO_PROXY: .claude.com' });
  assert.deepEqual(resolveProxy(TOKEN_URL, { env: { HTTPS_PROXY: 'http://p:1', no_proxy: 'claude.com' } }), {
    source: 'HTTPS_PROXY',
    bypassedBy: 'no_proxy: claude.com',
  });
  assert.deepEqual(resolveProxy(TOKEN_URL, { configuredProxy: 'http://p:1', noProxy: ['*.claude.com'], env: {} }), {
    source: 'http.proxy',
    bypassedBy: 'http.noProxy: *.claude.com',
  });
  assert.equal(resolveProxy('https://api.anthropic.com/', { env }).proxyUrl, 'http://p:1');
});

const cases: [target: string, entries: string[], bypassed: boolean][] = [
  ['https://platform.claude.com/', ['*'], true],
  ['https://platform.claude.com/', ['platform.claude.com'], true],
  ['https://platform.claude.com/', ['claude.com'], true],
  ['https://platform.claude.com/', ['.claude.com'], true],
  ['https://platform.claude.com/', ['*.claude.com'], true],
  ['https://claude.com/', ['.claude.com'], true],
  ['https://notclaude.com/', ['claude.com'], false],
  ['https://PLATFORM.Claude.com/', ['platform.CLAUDE.com'], true],
  ['https://platform.claude.com/', ['platform.claude.com:443'], true],
  ['https://platform.claude.com/', ['platform.claude.com:8443'], false],
  ['https://platform.claude.com:8443/', ['platform.claude.com:8443'], true],
  ['http://example.com/', ['example.com:80'], true],
  ['https://127.0.0.1:4000/', ['127.0.0.1'], true],
  ['https://127.0.0.1:4000/', ['127.0.0.1:4000'], true],
  ['https://127.0.0.1:4000/', ['127.0.0.1:4001'], false],
  ['https://127.0.0.1/', ['0.0.1'], false],
  ['https://10.1.2.3/', ['10.0.0.0/8'], true],
  ['https://11.1.2.3/', ['10.0.0.0/8'], false],
  ['https://[::1]:4000/', ['::1'], true],
  ['https://[::1]:4000/', ['[::1]:4000'], true],
  ['https://[fd00::5]/', ['fd00::/8'], true],
  ['https://localhost:4000/', ['127.0.0.1'], false],
  ['https://localhost:4000/', [], false],
  ['https://localhost:4000/', ['localhost'], true],
];
for (const [target, entries, bypassed] of cases) {
  test(`NO_PROXY ${JSON.stringify(entries)} ${bypassed ? 'bypasses' : 'does not bypass'} ${target}`, () => {
    assert.equal(noProxyMatch(target, entries) !== undefined, bypassed);
  });
}

test('describeProxy shows scheme://host:port and never the credentials', () => {
  assert.equal(describeProxy('http://alice:s3cret@proxy.corp:3128'), 'http://proxy.corp:3128');
  assert.equal(describeProxy('https://proxy.corp'), 'https://proxy.corp:443');
  assert.equal(describeProxy('http://proxy.corp/'), 'http://proxy.corp:80');
  assert.doesNotMatch(describeProxy('http://alice:s3cret@[bad'), /s3cret|alice/);
});

test('an unsupported or invalid proxy is a network error naming the proxy, without its password', async () => {
  assert.throws(
    () => createDispatcher({ proxyUrl: 'socks5://alice:s3cret@127.0.0.1:7890'}),
    (e: OAuthError) => e.kind === 'network' && e.message.includes('socks5://127.0.0.1:7890') && !/s3cret|alice/.test(e.message),
  );
  assert.throws(
    () => createDispatcher({ proxyUrl: 'http://alice:s3cret@[bad'}),
    (e: OAuthError) => e.kind === 'network' && !/s3cret|alice/.test(e.message),
  );
});

test('an unreadable extra CA file is reported and skipped, like Node does', async () => {
  const warnings: string[] = [];
  const dispatcher = createDispatcher({ extraCaCertsFile: '/nonexistent/ca.pem' }, (m) => warnings.push(m));
  await dispatcher.close();
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /Ignoring extra CA certificates from \/nonexistent\/ca\.pem/);
});
