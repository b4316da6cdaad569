import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseRedirect } from '../../src/oauth/redirectAddress.js';

test('desktop remotes: a forwarded http://localhost:L/callback is used as it is', () => {
  assert.deepEqual(chooseRedirect('http://localhost:61234/callback', false), { usable: true, redirectUri: 'http://localhost:61234/callback' });
});

test('code-server drops the path: it is put back, and only a custom provider can use the proxy address', () => {
  assert.deepEqual(chooseRedirect('http://127.0.0.1:8080/proxy/43210/', true), {
    usable: true,
    redirectUri: 'http://127.0.0.1:8080/proxy/43210/callback',
  });
  assert.deepEqual(chooseRedirect('http://127.0.0.1:8080/proxy/43210/', false), {
    usable: false,
    externalAddress: 'http://127.0.0.1:8080/proxy/43210/callback',
  });
});

test('web-shaped results (https tunnels, 127.0.0.1) are not what Anthropic accepts', () => {
  for (const external of [
    'https://fuzzy-space-8000.app.github.dev/callback',
    'https://abc-54545.euw.devtunnels.ms/callback',
    'http://127.0.0.1:54545/callback',
    'https://localhost:54545/callback',
  ]) {
    assert.equal(chooseRedirect(external, false).usable, false, external);
  }
});
