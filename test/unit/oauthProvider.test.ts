// The test provider must be as strict as Anthropic's server, or our tests prove nothing.
// Each test here fails if the check it names were missing from the provider.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as https from 'node:https';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, test, type TestContext } from 'node:test';
import { CLIENT_ID, LOGIN_SCOPES } from '../../src/oauth/endpoints.js';
import {
  startMessagesStub,
  startTestProvider,
  type TestProvider,
  type TestProviderOptions,
} from '../support/oauthProvider.js';

async function provider(t: TestContext, options: TestProviderOptions = {}): Promise<TestProvider> {
  const started = await startTestProvider(options);
  t.after(() => started.close());
  return started;
}

interface Pkce {
  verifier: string;
  challenge: string;
  state: string;
}

function newPkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return {
    verifier,
    challenge: createHash('sha256').update(verifier).digest('base64url'),
    state: randomBytes(32).toString('base64url'),
  };
}

function authorizeUrl(p: TestProvider, pkce: Pkce, overrides: Record<string, string | undefined> = {}): string {
  const params: Record<string, string | undefined> = {
    code: 'true',
    client_id: CLIENT_ID,
    response_type: 'code',
    redirect_uri: 'http://localhost:54321/callback',
    scope: LOGIN_SCOPES.join(' '),
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256',
    state: pkce.state,
    ...overrides,
  };
  const url = new URL(p.endpoints.authorizeUrl);
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) url.searchParams.set(name, value);
  }
  return url.href;
}

async function postToken(p: TestProvider, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(p.endpoints.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

function exchangeBody(pkce: Pkce, code: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    grant_type: 'authorization_code',
    code,
    redirect_uri: 'http://localhost:54321/callback',
    client_id: CLIENT_ID,
    code_verifier: pkce.verifier,
    state: pkce.state,
    ...extra,
  };
}

/** A full login: consent, then code exchange. */
async function signIn(p: TestProvider, scope = LOGIN_SCOPES.join(' ')): Promise<Record<string, unknown>> {
  const pkce = newPkce();
  const { code } = await p.approve(authorizeUrl(p, pkce, { scope }));
  const { status, json } = await postToken(p, exchangeBody(pkce, code));
  assert.equal(status, 200);
  return json;
}

function refreshBody(refreshToken: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: CLIENT_ID, ...extra };
}

async function getProfile(p: TestProvider, authorization?: string): Promise<Response> {
  return fetch(p.endpoints.profileUrl, { headers: authorization ? { authorization } : {} });
}

describe('code exchange', () => {
  test('a correct exchange returns Claude-shaped tokens, and the request was JSON with state', async (t) => {
    const p = await provider(t);
    const tokens = await signIn(p);
    assert.match(String(tokens.access_token), /^sk-ant-oat01-[A-Za-z0-9_-]+$/);
    assert.match(String(tokens.refresh_token), /^sk-ant-ort01-[A-Za-z0-9_-]+$/);
    assert.equal(tokens.token_type, 'Bearer');
    assert.equal(tokens.expires_in, 28800);
    assert.equal(tokens.scope, LOGIN_SCOPES.join(' '));
    assert.equal(tokens.refresh_token_expires_in, undefined);
    assert.deepEqual(tokens.account, { uuid: p.account.uuid, email_address: 'dev@example.com' });
    assert.deepEqual(tokens.organization, { uuid: p.organization.uuid, name: p.organization.name });

    const tokenRequest = p.requests.find((r) => r.path === '/v1/oauth/token');
    assert.equal(tokenRequest?.headers['content-type'], 'application/json');
    assert.equal((tokenRequest?.body as Record<string, unknown>).state, p.lastAuthorizeParams?.state);
    assert.equal(p.tokenCalls.authorization_code, 1);
    assert.deepEqual(p.issuedAccessTokens, [tokens.access_token]);
  });

  test('a wrong code_verifier is invalid_grant; the right one then still works', async (t) => {
    const p = await provider(t);
    const pkce = newPkce();
    const { code } = await p.approve(authorizeUrl(p, pkce));
    const wrong = await postToken(p, exchangeBody(pkce, code, { code_verifier: newPkce().verifier }));
    assert.equal(wrong.status, 400);
    assert.equal(wrong.json.error, 'invalid_grant');
    assert.equal((await postToken(p, exchangeBody(pkce, code))).status, 200);
  });

  test('a reused code is invalid_grant and kills the tokens it produced', async (t) => {
    const p = await provider(t);
    const pkce = newPkce();
    const { code } = await p.approve(authorizeUrl(p, pkce));
    const first = await postToken(p, exchangeBody(pkce, code));
    assert.equal(first.status, 200);
    const second = await postToken(p, exchangeBody(pkce, code));
    assert.equal(second.status, 400);
    assert.equal(second.json.error, 'invalid_grant');
    assert.equal(p.isRefreshTokenLive(String(first.json.refresh_token)), false);
    assert.equal(p.isAccessTokenLive(String(first.json.access_token)), false);
  });

  test('a redirect_uri differing from the authorize request is invalid_grant', async (t) => {
    const p = await provider(t);
    const pkce = newPkce();
    const { code } = await p.approve(authorizeUrl(p, pkce));
    for (const redirectUri of ['http://localhost:54322/callback', 'http://localhost:54321/callback/', p.endpoints.manualRedirectUrl]) {
      const res = await postToken(p, exchangeBody(pkce, code, { redirect_uri: redirectUri }));
      assert.equal(res.status, 400, redirectUri);
      assert.equal(res.json.error, 'invalid_grant');
    }
  });

  test('a state differing from the authorize request is invalid_grant; a missing one is invalid_request', async (t) => {
    const p = await provider(t);
    const pkce = newPkce();
    const { code } = await p.approve(authorizeUrl(p, pkce));
    assert.equal((await postToken(p, exchangeBody(pkce, code, { state: 'other' }))).json.error, 'invalid_grant');
    assert.equal((await postToken(p, exchangeBody(pkce, code, { state: undefined }))).json.error, 'invalid_request');
  });

  test('a code older than five minutes is invalid_grant', async (t) => {
    let now = Date.now();
    const p = await provider(t, { now: () => now });
    const pkce = newPkce();
    const { code } = await p.approve(authorizeUrl(p, pkce));
    now += 5 * 60_000 + 1;
    const res = await postToken(p, exchangeBody(pkce, code));
    assert.equal(res.status, 400);
    assert.equal(res.json.error, 'invalid_grant');
  });

  test('an unknown code or a foreign client_id is refused', async (t) => {
    const p = await provider(t);
    const pkce = newPkce();
    assert.equal((await postToken(p, exchangeBody(pkce, 'made-up'))).json.error, 'invalid_grant');
    const { code } = await p.approve(authorizeUrl(p, pkce));
    assert.equal((await postToken(p, exchangeBody(pkce, code, { client_id: 'someone-else' }))).json.error, 'invalid_client');
  });

  test('a form-encoded or unlabelled body is rejected as invalid_request, and so is broken JSON', async (t) => {
    const p = await provider(t);
    const pkce = newPkce();
    const { code } = await p.approve(authorizeUrl(p, pkce));
    const form = await fetch(p.endpoints.tokenUrl, {
      method: 'POST',
      body: new URLSearchParams(exchangeBody(pkce, code) as Record<string, string>),
    });
    assert.equal(form.status, 400);
    assert.equal(((await form.json()) as { error: string }).error, 'invalid_request');
    assert.equal(p.tokenCalls.authorization_code, 1, 'the form-encoded attempt is still counted');

    const unlabelled = await fetch(p.endpoints.tokenUrl, { method: 'POST', body: JSON.stringify(exchangeBody(pkce, code)) });
    assert.equal(unlabelled.headers.get('content-type'), 'application/json');
    assert.equal(unlabelled.status, 400, 'JSON sent as text/plain is refused');

    const broken = await fetch(p.endpoints.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"grant_type":',
    });
    assert.equal(broken.status, 400);
    assert.equal(((await broken.json()) as { error: string }).error, 'invalid_request');
    assert.equal((await postToken(p, exchangeBody(pkce, code))).status, 200, 'the code survived the rejected attempts');
  });

  test('a setup-token exchange (expires_in) gets a long-lived token and no refresh token', async (t) => {
    const p = await provider(t);
    const pkce = newPkce();
    const { code } = await p.approve(authorizeUrl(p, pkce, { scope: 'user:inference' }));
    const { status, json } = await postToken(p, exchangeBody(pkce, code, { expires_in: 31_536_000 }));
    assert.equal(status, 200);
    assert.equal(json.expires_in, 31_536_000);
    assert.equal(json.scope, 'user:inference');
    assert.equal('refresh_token' in json, false);
    assert.deepEqual(p.liveRefreshTokens(), []);
  });
});

describe('refresh', () => {
  test('rotates: new tokens are issued and the used refresh token dies', async (t) => {
    const p = await provider(t, { refreshTokenLifetimeSeconds: 2_592_000 });
    const first = await signIn(p);
    assert.equal(first.refresh_token_expires_in, 2_592_000);

    const refreshed = await postToken(p, refreshBody(first.refresh_token, { scope: LOGIN_SCOPES.join(' ') }));
    assert.equal(refreshed.status, 200);
    assert.notEqual(refreshed.json.access_token, first.access_token);
    assert.notEqual(refreshed.json.refresh_token, first.refresh_token);
    assert.equal(refreshed.json.refresh_token_expires_in, 2_592_000);
    assert.deepEqual(p.liveRefreshTokens(), [refreshed.json.refresh_token]);

    const reused = await postToken(p, refreshBody(first.refresh_token));
    assert.equal(reused.status, 400);
    assert.equal(reused.json.error, 'invalid_grant');
    assert.equal(p.tokenCalls.refresh_token, 2);
  });

  test('an unknown, revoked or expired refresh token is invalid_grant', async (t) => {
    let now = Date.now();
    const p = await provider(t, { refreshTokenLifetimeSeconds: 60, now: () => now });
    assert.equal((await postToken(p, refreshBody('sk-ant-ort01-unknown'))).json.error, 'invalid_grant');

    const revoked = await signIn(p);
    assert.equal(p.revokeRefreshToken(String(revoked.refresh_token)), true);
    assert.equal((await postToken(p, refreshBody(revoked.refresh_token))).json.error, 'invalid_grant');

    const expired = await signIn(p);
    now += 61_000;
    assert.equal((await postToken(p, refreshBody(expired.refresh_token))).json.error, 'invalid_grant');
  });

  test('revokeAll kills every token', async (t) => {
    const p = await provider(t);
    const tokens = await signIn(p);
    p.revokeAll();
    assert.deepEqual(p.liveRefreshTokens(), []);
    assert.equal((await getProfile(p, `Bearer ${tokens.access_token}`)).status, 401);
  });

  test('asking for scopes never granted is invalid_scope', async (t) => {
    const p = await provider(t);
    const tokens = await signIn(p, 'user:inference user:profile');
    const res = await postToken(p, refreshBody(tokens.refresh_token, { scope: 'user:inference org:create_api_key' }));
    assert.equal(res.json.error, 'invalid_scope');
    assert.equal(p.isRefreshTokenLive(String(tokens.refresh_token)), true, 'a refused refresh does not burn the token');
  });
});

describe('profile', () => {
  test('requires a live bearer token with user:profile', async (t) => {
    let now = Date.now();
    const p = await provider(t, { now: () => now, accessTokenLifetimeSeconds: 60 });
    assert.equal((await getProfile(p)).status, 401);
    assert.equal((await getProfile(p, 'Bearer sk-ant-oat01-made-up')).status, 401);

    const tokens = await signIn(p);
    const res = await getProfile(p, `Bearer ${tokens.access_token}`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), {
      account: { uuid: p.account.uuid, email: 'dev@example.com', display_name: p.account.displayName },
      organization: {
        uuid: p.organization.uuid,
        name: p.organization.name,
        organization_type: 'claude_max',
        rate_limit_tier: 'default_claude_max_20x',
      },
    });
    assert.equal(p.requests.at(-1)?.hadAuthorization, true);
    assert.equal(p.requests.at(-1)?.headers.authorization, undefined, 'tokens are not recorded');

    const inferenceOnly = await signIn(p, 'user:inference');
    assert.equal((await getProfile(p, `Bearer ${inferenceOnly.access_token}`)).status, 403);

    now += 61_000;
    const expired = await getProfile(p, `Bearer ${tokens.access_token}`);
    assert.equal(expired.status, 401);
    assert.equal(((await expired.json()) as { error: { type: string } }).error.type, 'authentication_error');
  });

  test('reports the configured account and organization', async (t) => {
    const p = await provider(t, { account: { email: 'pro@example.com' }, organization: { organizationType: 'claude_pro' } });
    const tokens = await signIn(p);
    const profile = (await (await getProfile(p, `Bearer ${tokens.access_token}`)).json()) as {
      account: { email: string };
      organization: { organization_type: string };
    };
    assert.equal(profile.account.email, 'pro@example.com');
    assert.equal(profile.organization.organization_type, 'claude_pro');
    assert.equal(tokens.account && (tokens.account as { email_address: string }).email_address, 'pro@example.com');
  });
});

describe('authorize', () => {
  test('strictRedirects accepts only http://localhost:<port>/callback and the manual callback', async (t) => {
    const p = await provider(t, { strictRedirects: true });
    assert.equal(p.endpoints.acceptsAnyRedirect, false);
    for (const allowed of ['http://localhost:1234/callback', p.endpoints.manualRedirectUrl]) {
      await p.approve(authorizeUrl(p, newPkce(), { redirect_uri: allowed }));
    }
    for (const refused of [
      'http://127.0.0.1:1234/callback',
      'https://localhost:1234/callback',
      'http://localhost/callback',
      'http://localhost:1234/other',
      'http://localhost:1234/callback?x=1',
      'https://vscode.dev/redirect',
    ]) {
      await assert.rejects(p.approve(authorizeUrl(p, newPkce(), { redirect_uri: refused })), /redirect_uri/, refused);
    }
    const page = await fetch(authorizeUrl(p, newPkce(), { redirect_uri: 'https://vscode.dev/redirect' }));
    assert.equal(page.status, 400);
    assert.match(await page.text(), /redirect_uri &#34;https:\/\/vscode.dev\/redirect&#34; is not allowed/);
  });

  test('without strictRedirects any http(s) redirect works and its query is kept', async (t) => {
    const p = await provider(t);
    const pkce = newPkce();
    const { redirect, code, state } = await p.approve(
      authorizeUrl(p, pkce, { redirect_uri: 'https://vscode.dev/redirect?windowId=7' }),
    );
    const url = new URL(redirect);
    assert.equal(url.origin + url.pathname, 'https://vscode.dev/redirect');
    assert.equal(url.searchParams.get('windowId'), '7');
    assert.equal(url.searchParams.get('code'), code);
    assert.equal(state, pkce.state);
    await assert.rejects(p.approve(authorizeUrl(p, pkce, { redirect_uri: 'vscode://anthropic/callback' })), /redirect_uri/);
  });

  test('each required parameter is checked, and the 400 page names it', async (t) => {
    const p = await provider(t);
    const cases: [Record<string, string | undefined>, RegExp][] = [
      [{ client_id: 'someone-else' }, /client_id/],
      [{ response_type: 'token' }, /response_type/],
      [{ code_challenge_method: 'plain' }, /code_challenge_method/],
      [{ code_challenge: undefined }, /code_challenge is missing/],
      [{ code_challenge: 'abc=' }, /code_challenge must be/],
      [{ state: undefined }, /state is missing/],
      [{ scope: undefined }, /scope is missing/],
      [{ redirect_uri: undefined }, /redirect_uri is missing/],
    ];
    for (const [overrides, problem] of cases) {
      const url = authorizeUrl(p, newPkce(), overrides);
      await assert.rejects(p.approve(url), problem);
      const page = await fetch(url);
      assert.equal(page.status, 400);
      assert.match(await page.text(), problem);
    }
    assert.equal(p.lastAuthorizeParams?.redirect_uri, undefined);
  });

  test('the consent page is a form carrying only an id; Authorize redirects with code and state, once', async (t) => {
    const p = await provider(t);
    const pkce = newPkce();
    const page = await fetch(authorizeUrl(p, pkce));
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /<h1>Authorize Claude Code<\/h1>/);
    assert.match(html, /<form method="POST" action="\/oauth\/authorize\/decision">/);
    assert.match(html, /<button[^>]*>Authorize<\/button>/);
    assert.match(html, /<button[^>]*>Deny<\/button>/);
    for (const scope of LOGIN_SCOPES) assert.ok(html.includes(scope), scope);
    assert.ok(!html.includes(pkce.challenge) && !html.includes(pkce.state), 'the form does not carry the raw params');
    const consentId = /name="consent_id" value="([^"]+)"/.exec(html)?.[1] ?? '';

    const decide = () =>
      fetch(new URL('/oauth/authorize/decision', p.origin), {
        method: 'POST',
        body: new URLSearchParams({ consent_id: consentId, decision: 'authorize' }),
        redirect: 'manual',
      });
    const approved = await decide();
    assert.equal(approved.status, 302);
    const location = new URL(approved.headers.get('location') ?? '');
    assert.equal(location.origin + location.pathname, 'http://localhost:54321/callback');
    assert.equal(location.searchParams.get('state'), pkce.state);
    assert.equal((await postToken(p, exchangeBody(pkce, location.searchParams.get('code') ?? ''))).status, 200);
    assert.equal((await decide()).status, 400, 'a decision is taken once');
  });

  test('Deny redirects with access_denied and the state', async (t) => {
    const p = await provider(t);
    const pkce = newPkce();
    const html = await (await fetch(authorizeUrl(p, pkce))).text();
    const consentId = /name="consent_id" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const denied = await fetch(new URL('/oauth/authorize/decision', p.origin), {
      method: 'POST',
      body: new URLSearchParams({ consent_id: consentId, decision: 'deny' }),
      redirect: 'manual',
    });
    const location = new URL(denied.headers.get('location') ?? '');
    assert.equal(location.searchParams.get('error'), 'access_denied');
    assert.ok(location.searchParams.get('error_description'));
    assert.equal(location.searchParams.get('state'), pkce.state);
    assert.equal(location.searchParams.get('code'), null);

    const programmatic = await p.deny(authorizeUrl(p, pkce));
    assert.equal(programmatic.error, 'access_denied');
    assert.equal(programmatic.state, pkce.state);
  });

  test('the manual callback page shows CODE#STATE in #code; the success page is recorded', async (t) => {
    const p = await provider(t, { strictRedirects: true });
    const pkce = newPkce();
    const { redirect, code, state } = await p.approve(authorizeUrl(p, pkce, { redirect_uri: p.endpoints.manualRedirectUrl }));
    const html = await (await fetch(redirect)).text();
    assert.ok(html.includes(`<code id="code" class="paste">${code}#${state}</code>`));
    assert.match(html, /<button type="button" id="copy">/);

    const denied = await p.deny(authorizeUrl(p, pkce, { redirect_uri: p.endpoints.manualRedirectUrl }));
    assert.match(await (await fetch(denied.redirect)).text(), /id="error">access_denied</);

    assert.equal(p.successPageVisits, 0);
    const success = await fetch(p.endpoints.successUrl);
    assert.match(await success.text(), /You're signed in/);
    assert.equal(p.successPageVisits, 1);
  });
});

describe('faults', () => {
  test('status faults answer 500, then 429 with Retry-After, then the endpoint works again', async (t) => {
    const p = await provider(t);
    const tokens = await signIn(p);
    p.failNext('token', { status: 500 });
    p.failNext('token', { status: 429, retryAfterSeconds: 7 });
    const first = await fetch(p.endpoints.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(refreshBody(tokens.refresh_token)),
    });
    assert.equal(first.status, 500);
    const second = await fetch(p.endpoints.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(refreshBody(tokens.refresh_token)),
    });
    assert.equal(second.status, 429);
    assert.equal(second.headers.get('retry-after'), '7');
    assert.equal(p.isRefreshTokenLive(String(tokens.refresh_token)), true, 'a failed request does not rotate');
    assert.equal((await postToken(p, refreshBody(tokens.refresh_token))).status, 200);
    assert.equal(p.tokenCalls.refresh_token, 3);
  });

  test('count repeats a fault; profile faults are queued separately', async (t) => {
    const p = await provider(t);
    const tokens = await signIn(p);
    p.failNext('profile', { status: 503 }, 2);
    const bearer = `Bearer ${tokens.access_token}`;
    assert.deepEqual(
      [(await getProfile(p, bearer)).status, (await getProfile(p, bearer)).status, (await getProfile(p, bearer)).status],
      [503, 503, 200],
    );
  });

  test('delayMs answers normally after the delay', async (t) => {
    const p = await provider(t);
    const tokens = await signIn(p);
    p.failNext('profile', { delayMs: 300 });
    const started = performance.now();
    const res = await getProfile(p, `Bearer ${tokens.access_token}`);
    assert.equal(res.status, 200);
    assert.ok(performance.now() - started >= 290);
  });

  test('malformedJson and wrongShape answer 200 with unusable bodies', async (t) => {
    const p = await provider(t);
    const tokens = await signIn(p);
    p.failNext('token', { malformedJson: true });
    p.failNext('token', { wrongShape: true });
    p.failNext('profile', { wrongShape: true });
    const malformed = await fetch(p.endpoints.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(refreshBody(tokens.refresh_token)),
    });
    assert.equal(malformed.status, 200);
    await assert.rejects(malformed.json(), SyntaxError);
    const wrongShape = await postToken(p, refreshBody(tokens.refresh_token));
    assert.equal(wrongShape.status, 200);
    assert.equal(wrongShape.json.access_token, undefined);
    const profile = await getProfile(p, `Bearer ${tokens.access_token}`);
    assert.equal(profile.status, 200);
    assert.equal(((await profile.json()) as { account?: unknown }).account ?? undefined, undefined);
  });

  test('hang never answers, and close() ends the hanging request promptly', async (t) => {
    const p = await startTestProvider();
    t.after(() => p.close());
    const tokens = await signIn(p);
    p.failNext('token', { hang: true });
    p.failNext('profile', { delayMs: 60_000 });
    const hanging = postToken(p, refreshBody(tokens.refresh_token));
    const delayed = getProfile(p, `Bearer ${tokens.access_token}`);
    const outcome = await Promise.race([
      hanging.then(
        () => 'answered',
        () => 'failed',
      ),
      new Promise((resolve) => setTimeout(resolve, 300, 'still hanging')),
    ]);
    assert.equal(outcome, 'still hanging');
    assert.equal(p.tokenCalls.refresh_token, 1, 'the hanging request was received');

    const started = performance.now();
    await p.close();
    await assert.rejects(hanging);
    await assert.rejects(delayed);
    // The delayed answer would come after 60 s, the hanging one never: close() must not wait for either.
    assert.ok(performance.now() - started < 30_000, 'close() did not wait for the hanging requests');
  });
});

describe('https', () => {
  test('serves the same endpoints over TLS', async (t) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'provider-tls-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    try {
      execFileSync('openssl', [
        'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
        '-addext', 'subjectAltName=IP:127.0.0.1',
        '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
      ], { stdio: 'ignore' });
    } catch {
      t.skip('openssl is not available');
      return;
    }
    const cert = readFileSync(path.join(dir, 'cert.pem'));
    const p = await provider(t, { tls: { key: readFileSync(path.join(dir, 'key.pem')), cert } });
    assert.match(p.origin, /^https:\/\/127\.0\.0\.1:\d+$/);
    const status = await new Promise<number | undefined>((resolve, reject) => {
      https.get(p.endpoints.successUrl, { ca: cert }, (res) => {
        res.resume();
        resolve(res.statusCode);
      }).on('error', reject);
    });
    assert.equal(status, 200);
  });
});

describe('messages stub', () => {
  test('answers 401 and records the authorization header of each request', async (t) => {
    const stub = await startMessagesStub();
    t.after(() => stub.close());
    const res = await fetch(`${stub.origin}/v1/messages`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-ant-oat01-abc', 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(res.status, 401);
    assert.deepEqual(await res.json(), {
      type: 'error',
      error: { type: 'authentication_error', message: 'invalid x-api-key' },
    });
    await fetch(`${stub.origin}/v1/messages`);
    assert.deepEqual(stub.authorizations, ['Bearer sk-ant-oat01-abc', '']);
  });
});

describe('standalone', () => {
  test('prints its origin as one JSON line and stops on SIGTERM', async (t) => {
    const script = path.join(__dirname, '..', 'support', 'oauthProvider.js');
    const child = spawn(process.execPath, [script, '--host', '127.0.0.2', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    t.after(() => child.kill('SIGKILL'));
    const [line] = await new Promise<string[]>((resolve) =>
      createInterface({ input: child.stdout! }).once('line', (first) => resolve([first])),
    );
    const { origin } = JSON.parse(line) as { origin: string };
    assert.match(origin, /^http:\/\/127\.0\.0\.2:\d+$/);
    assert.equal((await fetch(`${origin}/oauth/code/success?app=claude-code`)).status, 200);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  });
});
