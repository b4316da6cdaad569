// The stored container token: handed to new containers only with a day left; still known (to offer renewal) after.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CONTAINER_TOKEN_SECRET,
  readContainerToken,
  readStoredContainerToken,
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
