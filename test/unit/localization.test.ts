// Every user-facing string exists in English and Simplified Chinese, and nothing stale lingers in either.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codeStrings, manifestKeys, placeholders, readJson } from '../support/l10nStrings.js';

test('every l10n.t string has a Chinese translation with the same placeholders, and no translation is unused', () => {
  const used = codeStrings();
  const zh = readJson('l10n/bundle.l10n.zh-cn.json');
  const missing = [...used.keys()].filter((key) => !(key in zh));
  const unused = Object.keys(zh).filter((key) => !used.has(key));
  assert.deepEqual(missing, [], 'strings without a zh-cn translation');
  assert.deepEqual(unused, [], 'zh-cn translations no code uses');
  for (const [key, value] of Object.entries(zh)) {
    assert.ok(value.trim(), `empty translation for ${key}`);
    assert.deepEqual(placeholders(value), placeholders(key), `placeholders differ for ${key}`);
  }
});

test('every manifest %key% is in package.nls.json and package.nls.zh-cn.json, and none is unused', () => {
  const keys = manifestKeys();
  for (const bundle of ['package.nls.json', 'package.nls.zh-cn.json']) {
    const strings = readJson(bundle);
    assert.deepEqual([...keys].filter((k) => !(k in strings)), [], `keys missing from ${bundle}`);
    assert.deepEqual(Object.keys(strings).filter((k) => !keys.has(k)), [], `unused keys in ${bundle}`);
  }
});
