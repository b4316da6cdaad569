// Team and Enterprise sign-in: the authorize URL's optional parameters in the CLI's order, the sign-in pins of
// this machine's managed settings (every location and merge rule Claude Code 2.1.332 reads files from), what a
// sign-in sends under them, and the words when the machine takes only a login this extension cannot make.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import {
  isWsl,
  managedSettingsDirs,
  managedSettingsFiles,
  pinsAllowOrganization,
  readLoginPins,
} from '../../src/credentials/claudeSettings.js';
import { buildAuthorizeUrl } from '../../src/oauth/authorize.js';
import { ANTHROPIC_ENDPOINTS, SSO_LOGIN_METHOD } from '../../src/oauth/endpoints.js';
import { silentLog } from '../../src/logging/log.js';
import { startAttempt } from '../../src/engine/signIn/attempt.js';
import { tempDir } from '../support/tempDirs.js';
import { recorded, useVscodeStandIn } from '../support/vscodeStandIn.js';

const ORG = '5f0c2a6e-1b7d-4c1e-9a47-3d2b9f1e8c40';
const OTHER_ORG = '0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d';
const REQUIRED = ['code', 'client_id', 'response_type', 'redirect_uri', 'scope', 'code_challenge', 'code_challenge_method', 'state'];

test('the authorize URL appends orgUUID, login_hint and login_method after state, in that order, each only when set', () => {
  const base = { redirectUri: 'http://localhost:1234/callback', codeChallenge: 'c'.repeat(43), state: 's'.repeat(43) };
  const all = new URL(buildAuthorizeUrl(ANTHROPIC_ENDPOINTS, { ...base, organizationUuid: ORG, loginHint: 'dev@example.com', loginMethod: SSO_LOGIN_METHOD }));
  assert.deepEqual([...all.searchParams.keys()], [...REQUIRED, 'orgUUID', 'login_hint', 'login_method']);
  assert.equal(all.searchParams.get('orgUUID'), ORG);
  assert.equal(all.searchParams.get('login_hint'), 'dev@example.com');
  assert.equal(all.searchParams.get('login_method'), 'sso');
  const hintOnly = new URL(buildAuthorizeUrl(ANTHROPIC_ENDPOINTS, { ...base, loginHint: 'dev+team@example.com' }));
  assert.deepEqual([...hintOnly.searchParams.keys()], [...REQUIRED, 'login_hint']);
  assert.equal(hintOnly.searchParams.get('login_hint'), 'dev+team@example.com', 'encoded, and read back intact');
  assert.deepEqual([...new URL(buildAuthorizeUrl(ANTHROPIC_ENDPOINTS, base)).searchParams.keys()], REQUIRED);
  // The sign-in attempt threads them through.
  const attempt = startAttempt(ANTHROPIC_ENDPOINTS, base.redirectUri, { authorize: { organizationUuid: ORG, loginMethod: 'sso' } });
  assert.deepEqual([...new URL(attempt.authorizeUrl).searchParams.keys()].slice(-2), ['orgUUID', 'login_method']);
});

test('managed settings folders per OS, as the CLI reads them: Linux, macOS, Windows, and WSL with the Windows folder first', () => {
  assert.deepEqual(managedSettingsDirs('linux', false), [{ dir: '/etc/claude-code' }]);
  assert.deepEqual(managedSettingsDirs('darwin', false), [{ dir: '/Library/Application Support/ClaudeCode' }]);
  assert.deepEqual(managedSettingsDirs('win32', false), [{ dir: 'C:\\Program Files\\ClaudeCode' }]);
  assert.deepEqual(managedSettingsDirs('linux', true), [{ dir: '/mnt/c/Program Files/ClaudeCode', onlyWithWslOptIn: true }, { dir: '/etc/claude-code' }]);
  assert.equal(isWsl('linux', { WSL_DISTRO_NAME: 'Ubuntu' }, '6.1.0'), true);
  assert.equal(isWsl('linux', { WSL_INTEROP: '/run/WSL/1_interop' }, '6.1.0'), true);
  assert.equal(isWsl('linux', {}, '5.15.153.1-microsoft-standard-WSL2'), true);
  assert.equal(isWsl('linux', {}, '6.1.0-18-amd64'), false);
  assert.equal(isWsl('darwin', { WSL_DISTRO_NAME: 'Ubuntu' }, 'x'), false);
});

test('a folder’s managed-settings.json, then its drop-ins by name (.json, no dot files): the order the CLI merges', async (t) => {
  const dir = tempDir(t);
  fs.mkdirSync(path.join(dir, 'managed-settings.d'));
  for (const name of ['20-team.json', '10-base.json', '.hidden.json', 'notes.txt']) fs.writeFileSync(path.join(dir, 'managed-settings.d', name), '{}');
  assert.deepEqual(await managedSettingsFiles(dir), [
    path.join(dir, 'managed-settings.json'),
    path.join(dir, 'managed-settings.d', '10-base.json'),
    path.join(dir, 'managed-settings.d', '20-team.json'),
  ]);
  assert.deepEqual(await managedSettingsFiles('C:\\Program Files\\ClaudeCode'), ['C:\\Program Files\\ClaudeCode\\managed-settings.json']);
});

test('sign-in pins: a UUID or a list; a later drop-in wins; only the most important source counts; WSL needs the opt-in', async (t) => {
  const write = (dir: string, file: string, settings: unknown): void => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), typeof settings === 'string' ? settings : JSON.stringify(settings));
  };
  const none = tempDir(t);
  assert.deepEqual(await readLoginPins([{ dir: none }]), {});

  const single = tempDir(t);
  write(single, 'managed-settings.json', { forceLoginOrgUUID: ` ${ORG} `, forceLoginMethod: 'claudeai', model: 'opus' });
  assert.deepEqual(await readLoginPins([{ dir: single }]), {
    loginMethod: 'claudeai',
    organizations: { uuids: [ORG], single: true },
    file: path.join(single, 'managed-settings.json'),
  });

  const dropIns = tempDir(t);
  write(dropIns, 'managed-settings.json', { forceLoginOrgUUID: ORG, forceLoginMethod: 'claudeai' });
  write(dropIns, 'managed-settings.d/10-org.json', { forceLoginOrgUUID: [ORG, OTHER_ORG] });
  write(dropIns, 'managed-settings.d/20-console.json', { forceLoginMethod: 'console' });
  write(dropIns, 'managed-settings.d/30-broken.json', '{ not json');
  const pins = await readLoginPins([{ dir: dropIns }]);
  assert.equal(pins.loginMethod, 'console');
  assert.deepEqual(pins.organizations, { uuids: [ORG, OTHER_ORG], single: false });
  assert.equal(pins.file, path.join(dropIns, 'managed-settings.d', '20-console.json'));

  // An invalid organization pin admits none (the CLI fails closed).
  const invalid = tempDir(t);
  write(invalid, 'managed-settings.json', { forceLoginOrgUUID: 42 });
  const closed = await readLoginPins([{ dir: invalid }]);
  assert.deepEqual(closed.organizations, { uuids: [], single: false });
  assert.equal(pinsAllowOrganization(closed, ORG), false);

  // The first folder with any managed settings file is the source; a lower one is not merged in.
  const higher = tempDir(t);
  write(higher, 'managed-settings.json', { forceLoginMethod: 'claudeai' });
  assert.deepEqual(await readLoginPins([{ dir: higher }, { dir: single }]), { loginMethod: 'claudeai', file: path.join(higher, 'managed-settings.json') });
  assert.deepEqual(await readLoginPins([{ dir: none }, { dir: single }]), await readLoginPins([{ dir: single }]));
  // WSL: the Windows folder counts only once a Windows administrator opted in, and then it wins.
  const windows = tempDir(t);
  write(windows, 'managed-settings.json', { forceLoginMethod: 'console' });
  assert.equal((await readLoginPins([{ dir: windows, onlyWithWslOptIn: true }, { dir: single }])).loginMethod, 'claudeai');
  write(windows, 'managed-settings.d/opt-in.json', { wslInheritsWindowsSettings: true });
  assert.equal((await readLoginPins([{ dir: windows, onlyWithWslOptIn: true }, { dir: single }])).loginMethod, 'console');

  assert.equal(pinsAllowOrganization({}, undefined), true);
  assert.equal(pinsAllowOrganization(pins, OTHER_ORG.toUpperCase()), true, 'compared without case');
  assert.equal(pinsAllowOrganization(pins, '11111111-2222-4333-8444-555555555555'), false);
  assert.equal(pinsAllowOrganization(pins, undefined), false);
});

test('what a sign-in sends under the pins: the one pinned organization; nothing for a list; no sign-in when Console is forced', async (t) => {
  useVscodeStandIn(t);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- after the vscode stand-in is in place
  const { authorizeUnderPins, organizationNotAllowed, pinnedMethodProblem } = require('../../src/ui/signIn/accountSignIn.js') as typeof import('../../src/ui/signIn/accountSignIn');
  const file = '/etc/claude-code/managed-settings.json';
  const chosen = { loginHint: 'dev@example.com', loginMethod: 'sso' };

  assert.deepEqual(authorizeUnderPins({}, chosen, silentLog), { ...chosen, organizationUuid: undefined });
  assert.deepEqual(authorizeUnderPins({ file, organizations: { uuids: [ORG], single: true } }, undefined, silentLog), { organizationUuid: ORG });
  // A list: the CLI names none to the sign-in page and checks the organization afterwards; so do we.
  const list = { file, organizations: { uuids: [ORG, OTHER_ORG], single: false } };
  assert.deepEqual(authorizeUnderPins(list, chosen, silentLog), { ...chosen, organizationUuid: undefined });
  assert.equal(organizationNotAllowed(list, OTHER_ORG), undefined);
  assert.match(organizationNotAllowed(list, '11111111-2222-4333-8444-555555555555') ?? '', /organization that this machine’s managed settings \(\/etc\/claude-code\/managed-settings\.json\) do not allow, so Claude Code here will refuse it/);
  assert.equal(authorizeUnderPins({ file, loginMethod: 'claudeai' }, chosen, silentLog)?.loginHint, 'dev@example.com');
  assert.equal(recorded.messages.length, 0);

  const consoleOnly = { file, loginMethod: 'console' as const, organizations: { uuids: [ORG], single: true } };
  assert.equal(authorizeUnderPins(consoleOnly, chosen, silentLog), undefined, 'no sign-in starts');
  assert.deepEqual(recorded.messages, [{ severity: 'error', text: pinnedMethodProblem(consoleOnly) }]);
  assert.equal(
    pinnedMethodProblem(consoleOnly),
    'This machine’s managed settings (/etc/claude-code/managed-settings.json) allow only Anthropic Console (API billing) logins. This extension signs in claude.ai accounts, which Claude Code here would refuse. Run "claude auth login --console" in a terminal on this machine instead.',
  );
  assert.match(pinnedMethodProblem({ file, loginMethod: 'gateway' }) ?? '', /require signing in through a Cloud gateway/);
});
