// Where tokens may be sent: Anthropic, or an override that is https, or plain http that never leaves this machine.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ANTHROPIC_ENDPOINTS, endpointsInForce, InvalidOAuthServerError } from '../../src/oauth/endpoints';

test('an override is accepted only as https, or http to a loopback address', () => {
  for (const accepted of ['https://gateway.example', 'https://gateway.example:8443/ignored/path', 'http://127.0.0.1:8080', 'http://127.0.0.2:5000', 'http://localhost:9', 'http://[::1]:7000']) {
    const { endpoints, ignoredOverride } = endpointsInForce({ CLAUDE_REMOTE_SIGNIN_OAUTH_URL: accepted });
    assert.equal(ignoredOverride, undefined, accepted);
    assert.equal(endpoints.overridden, true);
    assert.equal(new URL(endpoints.tokenUrl).origin, new URL(accepted).origin);
  }
  for (const refused of ['http://gateway.example', 'http://10.0.0.5:8080', 'http://127.0.0.1.evil.example', 'ftp://127.0.0.1', 'file:///etc/passwd', 'javascript:alert(1)', 'not a url']) {
    const { endpoints, ignoredOverride } = endpointsInForce({ CLAUDE_REMOTE_SIGNIN_OAUTH_URL: refused });
    assert.ok(ignoredOverride instanceof InvalidOAuthServerError, refused);
    assert.equal(endpoints, ANTHROPIC_ENDPOINTS, `${refused}: sign-in stays with Anthropic`);
  }
  assert.equal(endpointsInForce({}).endpoints, ANTHROPIC_ENDPOINTS);
  assert.equal(endpointsInForce({ CLAUDE_REMOTE_SIGNIN_OAUTH_URL: '  ' }).ignoredOverride, undefined);
});
