// The one-shot loopback server: loopback only, state checked, one callback, then closed.
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { test } from 'node:test';
import { startCallbackServer } from '../../src/engine/signIn/callbackServer.js';
import { CallbackError } from '../../src/oauth/signInErrors.js';

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

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function refuses(port: number): Promise<boolean> {
  return get(port, '/callback').then(
    () => false,
    (e: NodeJS.ErrnoException) => e.code === 'ECONNREFUSED',
  );
}

test('a good callback waits until the sign-in has ended: then the success redirect, and the port closes', async () => {
  const server = await startCallbackServer({ expectedState: STATE, successRedirect: 'https://example.test/success' });
  assert.match(server.localCallbackUrl, /^http:\/\/localhost:\d+\/callback$/);
  assert.ok(server.listeningOn.every((a) => a.startsWith('127.0.0.1:') || a.startsWith('[::1]:')));
  let answered = false;
  const browser = get(server.port, `/callback?code=the-code&state=${STATE}`).finally(() => (answered = true));
  assert.deepEqual(await server.callback, { code: 'the-code' });
  await new Promise((resolve) => setTimeout(resolve, 50)); // the exchange and the write happen here
  assert.equal(answered, false, 'the browser hears nothing before the credentials are written');
  server.answer({ page: 'signed_in' });
  const res = await browser;
  assert.equal(res.status, 302);
  assert.equal(res.location, 'https://example.test/success');
  assert.equal(await refuses(server.port), true);
});

test('a failed exchange tells the waiting browser it failed, in the words VS Code shows', async () => {
  const server = await startCallbackServer({ expectedState: STATE, successRedirect: 'https://example.test/success' });
  const browser = get(server.port, `/callback?code=the-code&state=${STATE}`);
  await server.callback;
  server.answer({ page: 'failed', reason: 'Could not reach <example.test>.' });
  const res = await browser;
  assert.equal(res.status, 200);
  assert.equal(res.location, undefined, 'no redirect to the success page');
  assert.match(res.body, /Sign-in failed: Could not reach &#60;example\.test&#62;\./);
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
  const good = get(server.port, `/callback?code=good&state=${STATE}`);
  assert.deepEqual(await server.callback, { code: 'good' });
  server.answer({ page: 'signed_in' });
  assert.equal((await good).status, 200);
});

test('error=access_denied ends the wait with a denial the UI can name', async () => {
  const server = await startCallbackServer({ expectedState: STATE });
  const res = await get(server.port, `/callback?error=access_denied&state=${STATE}`);
  assert.equal(res.status, 200);
  await assert.rejects(server.callback, (e: CallbackError) => e.reason === 'authorization_denied' && e.oauthError === 'access_denied');
  assert.equal(await refuses(server.port), true);
});

test('after Cancel, an Authorize clicked in the tab left open gets the cancelled page for a while; then the port closes', async () => {
  const abort = new AbortController();
  const server = await startCallbackServer({ expectedState: STATE, signal: abort.signal, lateAnswerMs: 300 });
  abort.abort();
  await assert.rejects(server.callback, (e: CallbackError) => e.reason === 'cancelled');
  const late = await get(server.port, `/callback?code=late&state=${STATE}`);
  assert.equal(late.status, 200);
  assert.match(late.body, /cancelled in VS Code/);
  assert.equal((await get(server.port, '/callback?code=x&state=other')).status, 400);
  await waitUntil(() => refuses(server.port));
});

test('Cancel while the browser waits for the outcome tells it so; close() ends everything at once', async () => {
  const abort = new AbortController();
  const server = await startCallbackServer({ expectedState: STATE, signal: abort.signal, successRedirect: 'https://example.test/success' });
  const browser = get(server.port, `/callback?code=the-code&state=${STATE}`);
  await server.callback;
  abort.abort();
  const res = await browser;
  assert.equal(res.status, 200);
  assert.match(res.body, /cancelled in VS Code/);
  server.answer({ page: 'signed_in' }); // too late: nothing more is sent
  await server.close();
  assert.equal(await refuses(server.port), true);

  const other = await startCallbackServer({ expectedState: STATE });
  await other.close();
  await assert.rejects(other.callback, (e: CallbackError) => e.reason === 'cancelled');
  assert.equal(await refuses(other.port), true, 'close() does not wait out the late answers');
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
