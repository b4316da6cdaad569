import assert from 'node:assert/strict';
import { test } from 'node:test';
import { retryDelayMs } from '../../src/refresh/retryDelay.js';

test('a failed refresh is retried with doubling backoff up to 15 minutes, never before Retry-After', () => {
  assert.deepEqual([1, 2, 3, 4, 5, 6, 10].map((n) => retryDelayMs(n)), [30_000, 60_000, 120_000, 240_000, 480_000, 900_000, 900_000]);
  assert.equal(retryDelayMs(1, 120_000), 120_000);
  assert.equal(retryDelayMs(3, 1_000), 120_000);
});
