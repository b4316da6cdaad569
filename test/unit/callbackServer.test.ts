// The one-shot loopback server: loopback only, state checked, one callback, then closed.
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { test } from 'node:test';
import { startCallbackServer } from '../../src/signin/callbackServer.js';
import { CallbackError } from '../../src/signin/errors.js';

const STATE = 'expected-state-value';

function get(port: number, pathAndQuery: string, host = '127.0.0.1'): Promise<{ status: number; location?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host, port, path: pathAndQuery, agent: false }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body }));
    });
    req.on('error', reject);
  });
}

async function refuses(port: number): Promise<boolean> {
  return get(port, '/callback').then(
    () => false,
    (e: NodeJS.ErrnoException) => e.code === 'ECONNREFUSED',
  );
}

test('a good callback redirects to the success page, resolves the code and closes the port', async () => {
  const server = await startCallbackServer({ expectedState: STATE, successRedirect: 'https://example.test/success' });
  assert.match(server.localCallbackUrl, /^http:\/\/localhost:\d+\/callback$/);
  assert.ok(server.listeningOn.every((a) => a.startsWith('127.0.0.1:') || a.startsWith('[::1]:')));
  const res = await get(server.port, `/callback?code=the-code&state=${STATE}`);
  assert.equal(res.status, 302);
  assert.equal(res.location, 'https://example.test/success');
  assert.deepEqual(await server.callback, { code: 'the-code' });
  assert.equal(await refuses(server.port), true);
});

test('a callback with the wrong state is refused and does not end the wait', async () => {
  const server = await startCallbackServer({ expectedState: STATE });
  const wrong = await get(server.port, '/callback?code=evil&state=not-ours');
  assert.equal(wrong.status, 400);
  const missing = await get(server.port, '/callback?code=evil');
  assert.equal(missing.status, 400);
  const other = await get(server.port, `/elsewhere?code=x&state=${STATE}`);
  assert.equal(other.status, 404);
  const good = await get(server.port, `/callback?code=good&state=${STATE}`);
  assert.equal(good.status, 200);
  assert.deepEqual(await server.callback, { code: 'good' });
});

test('error=access_denied ends the wait with a denial the UI can name', async () => {
  const server = await startCallbackServer({ expectedState: STATE });
  const res = await get(server.port, `/callback?error=access_denied&state=${STATE}`);
  assert.equal(res.status, 200);
  await assert.rejects(server.callback, (e: CallbackError) => e.reason === 'authorization_denied' && e.oauthError === 'access_denied');
  assert.equal(await refuses(server.port), true);
});

test('cancel closes the server at once', async () => {
  const abort = new AbortController();
  const server = await startCallbackServer({ expectedState: STATE, signal: abort.signal });
  abort.abort();
  await assert.rejects(server.callback, (e: CallbackError) => e.reason === 'cancelled');
  await server.close();
  assert.equal(await refuses(server.port), true);
});

test('the wait times out and closes', async () => {
  const server = await startCallbackServer({ expectedState: STATE, timeoutMs: 50 });
  await assert.rejects(server.callback, (e: CallbackError) => e.reason === 'timeout');
  await server.close();
  assert.equal(await refuses(server.port), true);
});

test('it listens on loopback only', async () => {
  const server = await startCallbackServer({ expectedState: STATE });
  try {
    const { networkInterfaces } = await import('node:os');
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (external) {
      await assert.rejects(get(server.port, '/callback', external.address), (e: NodeJS.ErrnoException) => e.code === 'ECONNREFUSED');
    }
    await assert.rejects(get(server.port, '/callback', '127.0.0.2'), (e: NodeJS.ErrnoException) => e.code === 'ECONNREFUSED');
  } finally {
    await server.close();
  }
});

test('a port squatted on [::1] is given up: the server listens on both loopbacks of one port, or picks another', async (t) => {
  // Find a port free on 127.0.0.1, then let a "squatter" (another local user could) take it on ::1.
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const squattedPort = (probe.address() as { port: number }).port;
  await new Promise((resolve) => probe.close(resolve));
  const squatter = http.createServer((_req, res) => res.end('squatter'));
  await new Promise<void>((resolve) => squatter.listen({ host: '::1', port: squattedPort }, resolve));
  t.after(() => squatter.close());

  const server = await startCallbackServer({ expectedState: STATE, port: squattedPort });
  t.after(() => server.close());
  assert.notEqual(server.port, squattedPort, 'the squatted port is not used');
  assert.deepEqual(server.listeningOn, [`127.0.0.1:${server.port}`, `[::1]:${server.port}`]);
  // Whichever loopback `localhost` reaches, the callback lands on our server.
  for (const host of ['127.0.0.1', '::1']) {
    assert.equal((await get(server.port, '/other', host)).status, 404);
  }
});
