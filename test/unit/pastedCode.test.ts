import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePastedCode } from '../../src/oauth/pastedCode.js';

const STATE = 'Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5';
const MANUAL = 'https://platform.claude.com/oauth/code/callback';
const CODE = 'ac_7Yq2-LmN0pQ_rStUvWxYz0123456789AbCdEf';
const parse = (text: string) => parsePastedCode(text, STATE, MANUAL);

test('accepts code#state as the page shows it', () => {
  assert.deepEqual(parse(`${CODE}#${STATE}`), { ok: true, code: CODE, state: STATE });
});

test('forgives surrounding whitespace, quotes and line breaks from a wrapped terminal', () => {
  for (const text of [
    `  ${CODE}#${STATE}\n`,
    `"${CODE}#${STATE}"`,
    `'${CODE}#${STATE}'`,
    `“${CODE}#${STATE}”`,
    `${CODE.slice(0, 10)}\n${CODE.slice(10)}#${STATE.slice(0, 20)}\r\n  ${STATE.slice(20)}`,
    `\t${CODE} # ${STATE}`,
  ]) {
    assert.deepEqual(parse(text), { ok: true, code: CODE, state: STATE }, JSON.stringify(text));
  }
});

test('accepts the manual callback page’s own address with code and state', () => {
  assert.deepEqual(parse(`${MANUAL}?code=${CODE}&state=${STATE}`), { ok: true, code: CODE, state: STATE });
});

test('explains what was pasted instead of the code', () => {
  const cases: [string, string][] = [
    ['', 'empty'],
    ['   \n ', 'empty'],
    [`http://localhost:54545/callback?code=${CODE}&state=${STATE}`, 'localhost_url'],
    [`http://127.0.0.1:8080/proxy/5000/callback?code=x&state=y`, 'localhost_url'],
    ['https://claude.com/cai/oauth/authorize?code=true&client_id=x', 'url_without_code'],
    [`${MANUAL}?error=access_denied&state=${STATE}`, 'authorization_error'],
    ['123456', 'email_code'],
    [' 482 913 ', 'email_code'],
    [CODE, 'missing_state'],
    [`#${STATE}`, 'missing_state'],
    [`${CODE}#someone-elses-state`, 'state_mismatch'],
    [`${CODE}#`, 'state_mismatch'],
  ];
  for (const [text, problem] of cases) {
    const parsed = parse(text);
    assert.equal(parsed.ok, false, JSON.stringify(text));
    assert.equal(!parsed.ok && parsed.problem, problem, JSON.stringify(text));
  }
});
