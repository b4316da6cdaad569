// The stored container token: handed to new containers only with a day left; still known (to offer renewal) after.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CONTAINER_TOKEN_SECRET,
  CONTAINER_TOKEN_VALIDITY_SECRET,
  forgetContainerToken,
  readContainerToken,
  readContainerTokenValidity,
  readStoredContainerToken,
  storeContainerToken,
  type SecretStore,
} from '../../src/machines/containerToken.js';

const NOW = 1_800_000_000_000;
const H = 3_600_000;

function store(value: unknown): SecretStore {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return {
    get: async (key) => (key === CONTAINER_TOKEN_SECRET ? text : undefined),
    store: async () => undefined,
    delete: async () => undefined,
  };
}

const token = (expiresAt: number, scopes = ['user:inference']) => ({ accessToken: 'sk-ant-oat01-stored', expiresAt, scopes, createdAt: NOW - H });

test('a token with more than a day left goes to new containers; one nearer its end, or past it, is still known', async () => {
  const cases: [string, number, boolean][] = [
    ['a year left', NOW + 365 * 24 * H, true],
    ['25 hours left', NOW + 25 * H, true],
    ['23 hours left', NOW + 23 * H, false],
    ['expired', NOW - H, false],
  ];
  for (const [name, expiresAt, usable] of cases) {
    const secrets = store(token(expiresAt));
    assert.equal((await readContainerToken(secrets, NOW)) !== undefined, usable, name);
    assert.equal((await readStoredContainerToken(secrets))?.expiresAt, expiresAt, `${name}: still known`);
  }
});

test('nothing usable is made of a missing, broken or wrong-scope entry', async () => {
  for (const [name, value] of [
    ['not JSON', '{'],
    ['null', 'null'],
    ['no inference scope', token(NOW + 365 * 24 * H, ['user:profile'])],
    ['empty token', { ...token(NOW + 365 * 24 * H), accessToken: '' }],
    ['no expiry', { ...token(0), expiresAt: undefined }],
  ] as const) {
    assert.equal(await readStoredContainerToken(store(value)), undefined, name);
  }
  assert.equal(await readStoredContainerToken({ ...store(''), get: async () => undefined }), undefined, 'none stored');
});

test('beside the token, under its own key, only until when it is valid: what Restricted Mode may know', async () => {
  const values = new Map<string, string>();
  const secrets: SecretStore = {
    get: async (key) => values.get(key),
    store: async (key, value) => void values.set(key, value),
    delete: async (key) => void values.delete(key),
  };
  await storeContainerToken(secrets, token(NOW + 365 * 24 * H));
  assert.deepEqual(await readContainerTokenValidity(secrets), { expiresAt: NOW + 365 * 24 * H });
  assert.doesNotMatch(values.get(CONTAINER_TOKEN_VALIDITY_SECRET) ?? '', /sk-ant-/, 'no token in it');
  await forgetContainerToken(secrets);
  assert.deepEqual([...values.keys()], [], 'both gone');
  assert.equal(await readContainerTokenValidity(secrets), undefined);
  values.set(CONTAINER_TOKEN_VALIDITY_SECRET, '{');
  assert.equal(await readContainerTokenValidity(secrets), undefined, 'a broken entry is none');
});
