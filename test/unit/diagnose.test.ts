import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import { resolveClaudeLocation } from '../../src/credentials/location';
import { allLockPaths } from '../../src/engine/store/locks';
import type { ClaudeAiOauth } from '../../src/credentials/schema';
import { parseCredentials } from '../../src/engine/store/credentialsFile';
import {
  diagnose,
  FACT_NAMES,
  FINDING_IDS,
  keychainServiceName,
  renderReportMarkdown,
  sortFindings,
  updateKeychainItem,
  type CommandResult,
  type DiagnoseInput,
  type DiagnosisReport,
  type Finding,
  type FindingId,
  type ReportLabels,
  type RunCommand,
} from '../../src/engine/diagnosis/diagnose';
import { locksToCheck } from '../../src/engine/diagnosis/leftoverLocks';
import { corruptReason } from '../../src/engine/diagnosis/login';
import { loginStatus } from '../../src/login/loginStatus';
import { diagnoseAsNobody } from '../support/diagnoseAsOtherUser';
import { sealOverflow, securityStandIn } from '../support/securityStandIn';
import { tempDir } from '../support/tempDirs';

const H = 3_600_000;
const UID = process.getuid?.() ?? 0;
const isRoot = UID === 0;

// A token endpoint stand-in whose Date header is `offsetMs` away from the real clock.
interface DateServer {
  readonly origin: string;
  close(): Promise<void>;
}
async function startDateServer(offsetMs = 0, answer = true): Promise<DateServer> {
  const server = http.createServer((_req, res) => {
    if (!answer) return; // Accepts the connection, never answers: a black hole.
    res.setHeader('Date', new Date(Date.now() + offsetMs).toUTCString());
    res.writeHead(405, { 'content-type': 'application/json' }).end('{"error":"method_not_allowed"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let endpoint: DateServer;
before(async () => {
  endpoint = await startDateServer();
});
after(() => endpoint.close());

const goodLogin = (now: number): ClaudeAiOauth => ({
  accessToken: 'sk-ant-oat01-diagnose-access',
  refreshToken: 'sk-ant-ort01-diagnose-refresh',
  expiresAt: now + 8 * H,
  scopes: ['user:inference', 'user:profile'],
  subscriptionType: 'max',
  refreshTokenExpiresAt: now + 20 * 24 * H,
});

interface Setup {
  readonly home: string;
  readonly configDir: string;
  readonly credentialsFile: string;
  readonly globalConfigFile: string;
  /** Runs the diagnosis against this HOME and the local endpoint; `input` overrides any field. */
  run(input?: Partial<DiagnoseInput>): Promise<DiagnosisReport>;
}

/** A HOME with a healthy login (unless told otherwise) and onboarding done. */
function setUp(
  t: TestContext,
  options: { login?: Partial<ClaudeAiOauth> | 'none'; file?: string | object; onboarding?: object | 'none'; env?: NodeJS.ProcessEnv } = {},
): Setup {
  const home = tempDir(t);
  const now = Date.now();
  const env = { CLAUDE_REMOTE_SIGNIN_OAUTH_URL: endpoint.origin, USER: 'dev', ...options.env };
  const location = resolveClaudeLocation(env, home);
  fs.mkdirSync(location.configDir, { recursive: true, mode: 0o700 });
  fs.chmodSync(location.configDir, 0o700);
  const content =
    options.file ?? (options.login === 'none' ? undefined : { claudeAiOauth: { ...goodLogin(now), ...options.login } });
  if (content !== undefined) {
    fs.writeFileSync(location.credentialsFile, typeof content === 'string' ? content : JSON.stringify(content), { mode: 0o600 });
  }
  if (options.onboarding !== 'none') {
    fs.writeFileSync(location.globalConfigFile, JSON.stringify(options.onboarding ?? { hasCompletedOnboarding: true }));
  }
  return {
    home,
    ...location,
    run: (input = {}) =>
      diagnose({
        env,
        homeDir: home,
        platform: 'linux',
        uid: UID,
        now: Date.now(),
        http: { timeoutMs: 1_000 },
        runCommand: () => assert.fail('security must only run on macOS'),
        ...input,
      }),
  };
}

const ids = (report: DiagnosisReport) => report.findings.map((f) => f.id);
const problems = (report: DiagnosisReport) =>
  report.findings.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => f.id);
function only<K extends FindingId>(report: DiagnosisReport, id: K): Extract<Finding, { id: K }> {
  const found = report.findings.filter((f): f is Extract<Finding, { id: K }> => f.id === id);
  assert.equal(found.length, 1, `expected exactly one ${id} in ${ids(report).join(', ')}`);
  return found[0]!;
}

// Plain labels and sentences, as the UI layer would supply them localized.
const labels: ReportLabels = {
  title: 'Claude sign-in diagnosis',
  generatedAt: 'Generated',
  findingsHeading: 'Findings',
  factsHeading: 'Facts',
  factColumn: 'Fact',
  valueColumn: 'Value',
  fix: 'Fix',
  severities: { error: 'Error', warning: 'Warning', info: 'Info', ok: 'OK' },
  factNames: Object.fromEntries(FACT_NAMES.map((name) => [name, `fact ${name}`])) as ReportLabels['factNames'],
  yes: 'yes',
  no: 'no',
};
const describeFinding = (f: Finding) => ({ title: `${f.id} ${JSON.stringify(f.params)}`, fix: 'do something' });

describe('environment overrides', () => {
  test('an unusable CLAUDE_REMOTE_SIGNIN_OAUTH_URL is named as ignored — the diagnosis still runs, as activation does', async (t) => {
    for (const value of ['ftp://gateway.example', 'http://gateway.example:8080', 'not a url']) {
      const setup = setUp(t, { env: { CLAUDE_REMOTE_SIGNIN_OAUTH_URL: value } });
      const report = await setup.run({ http: { timeoutMs: 200 } });
      assert.deepEqual(only(report, 'oauth_endpoints_override_ignored').params, { variable: 'CLAUDE_REMOTE_SIGNIN_OAUTH_URL' });
      assert.equal(only(report, 'oauth_endpoints_override_ignored').severity, 'warning');
      assert.equal(report.facts.tokenEndpointOrigin, 'https://platform.claude.com', 'sign-in goes to Anthropic, as the extension does');
      assert.ok(!ids(report).includes('oauth_endpoints_overridden'));
    }
  });

  test('CLAUDE_CODE_OAUTH_TOKEN comes first, is named, and its value appears nowhere', async (t) => {
    const secrets = ['sk-ant-oat01-from-the-environment-XYZ', 'plain-secret-without-a-token-shape'];
    for (const secret of secrets) {
      const setup = setUp(t, { login: 'none', env: { CLAUDE_CODE_OAUTH_TOKEN: secret } });
      const report = await setup.run();
      assert.deepEqual(report.findings[0], {
        id: 'env_oauth_token_in_use',
        severity: 'warning',
        params: { variable: 'CLAUDE_CODE_OAUTH_TOKEN' },
      });
      assert.equal(report.facts.environmentOverride, 'CLAUDE_CODE_OAUTH_TOKEN');
      // The CLI never reads the file while the variable is set: a missing file is context, not the cause.
      assert.equal(only(report, 'credentials_missing').severity, 'info');
      const markdown = renderReportMarkdown(report, describeFinding, labels);
      for (const text of [JSON.stringify(report), markdown]) {
        assert.ok(!text.includes(secret), 'the value leaked');
        assert.ok(!text.includes(secret.slice(0, 16)), 'a prefix of the value leaked');
      }
    }
  });

  test('a provider switch, then an apiKeyHelper in a project settings file, are named as what Claude Code uses', async (t) => {
    const bedrock = await setUp(t, { env: { CLAUDE_CODE_USE_BEDROCK: 'true', CLAUDE_CODE_OAUTH_TOKEN: 't' } }).run();
    assert.deepEqual(bedrock.findings[0], { id: 'env_third_party_in_use', severity: 'warning', params: { variable: 'CLAUDE_CODE_USE_BEDROCK' } });
    assert.deepEqual(only(bedrock, 'env_variable_shadowed').params, { variable: 'CLAUDE_CODE_OAUTH_TOKEN', winner: 'CLAUDE_CODE_USE_BEDROCK' });

    const project = tempDir(t);
    fs.mkdirSync(path.join(project, '.claude'));
    fs.writeFileSync(path.join(project, '.claude', 'settings.json'), JSON.stringify({ apiKeyHelper: 'vault read -field=key secret/claude' }));
    const helper = await setUp(t).run({ projectFolders: [project] });
    assert.deepEqual(helper.findings[0], { id: 'api_key_helper_in_use', severity: 'warning', params: { path: path.join(project, '.claude', 'settings.json') } });
    assert.equal(helper.facts.environmentOverride, 'apiKeyHelper');
    assert.ok(!JSON.stringify(helper).includes('vault read'), 'the helper command itself is not reported');
  });

  test('ANTHROPIC_API_KEY wins over the others, which are reported as shadowed; empty counts as unset', async (t) => {
    const report = await setUp(t, {
      env: { ANTHROPIC_API_KEY: 'k', ANTHROPIC_AUTH_TOKEN: '', CLAUDE_CODE_OAUTH_TOKEN: 't' },
    }).run();
    assert.equal(report.findings[0]!.id, 'env_api_key_in_use');
    assert.deepEqual(only(report, 'env_variable_shadowed').params, {
      variable: 'CLAUDE_CODE_OAUTH_TOKEN',
      winner: 'ANTHROPIC_API_KEY',
    });
    assert.ok(!ids(report).includes('env_auth_token_in_use'));
  });

  test('ANTHROPIC_BASE_URL shows its origin only; CLAUDE_CONFIG_DIR and the resolved paths are reported', async (t) => {
    const base = tempDir(t);
    const configDir = path.join(base, 'claude-config');
    const setup = setUp(t, {
      env: { ANTHROPIC_BASE_URL: 'https://user:pw@gateway.example.com:8443/v1?key=secret', CLAUDE_CONFIG_DIR: configDir },
    });
    const report = await setup.run();
    assert.deepEqual(only(report, 'env_base_url_set').params, {
      variable: 'ANTHROPIC_BASE_URL',
      origin: 'https://gateway.example.com:8443',
    });
    assert.ok(!JSON.stringify(report).includes('secret') && !JSON.stringify(report).includes('pw@'));
    assert.deepEqual(only(report, 'config_dir_from_env').params, { variable: 'CLAUDE_CONFIG_DIR', configDir });
    assert.equal(report.facts.configDir, configDir);
    assert.equal(report.facts.credentialsFile, path.join(configDir, '.credentials.json'));
    assert.equal(report.facts.globalConfigFile, path.join(configDir, '.claude.json'));
    assert.equal(report.facts.configDirFromEnvironment, true);
  });
});

describe('a healthy setup', () => {
  test('reports only what is fine, and context', async (t) => {
    const report = await setUp(t).run();
    assert.deepEqual(problems(report), []);
    for (const id of [
      'env_no_override',
      'login_ok',
      'credentials_permissions_ok',
      'token_endpoint_reachable',
      'clock_in_sync',
      'onboarding_completed',
    ] as const) {
      only(report, id);
    }
    assert.deepEqual(only(report, 'login_ok').params.subscriptionType, 'max');
    assert.equal(report.facts.credentialsFileMode, '0600');
    assert.equal(report.facts.configDirMode, '0700');
    // Every parameter is a technical value: a string or a number.
    for (const f of report.findings) {
      for (const value of Object.values(f.params)) assert.ok(typeof value === 'string' || typeof value === 'number');
    }
  });
});

describe('permissions and owners', () => {
  test('a 0644 credentials file is an error; an open folder is a warning', async (t) => {
    const setup = setUp(t);
    fs.chmodSync(setup.credentialsFile, 0o644);
    fs.chmodSync(setup.configDir, 0o755);
    const report = await setup.run();
    const tooOpen = only(report, 'credentials_mode_too_open');
    assert.equal(tooOpen.severity, 'error');
    assert.deepEqual(tooOpen.params, { path: setup.credentialsFile, mode: '0644', expectedMode: '0600' });
    assert.equal(only(report, 'config_dir_mode_open').severity, 'warning');
    assert.ok(!ids(report).includes('credentials_permissions_ok'));
  });

  test('0400 is unusual, not an error', async (t) => {
    const setup = setUp(t);
    fs.chmodSync(setup.credentialsFile, 0o400);
    assert.equal(only(await setup.run(), 'credentials_mode_unusual').severity, 'warning');
  });

  test('a file owned by another user than the extension host is an error', async (t) => {
    const setup = setUp(t);
    const otherUid = UID + 4242;
    const report = await setup.run({ uid: otherUid });
    const mismatch = only(report, 'credentials_owner_mismatch');
    assert.equal(mismatch.severity, 'error');
    assert.deepEqual(mismatch.params, { path: setup.credentialsFile, ownerUid: UID, uid: otherUid });
    only(report, 'config_dir_owner_mismatch');
  });

  test('a symlinked credentials file is fine, and noted', async (t) => {
    const setup = setUp(t);
    const elsewhere = path.join(setup.home, 'kept-elsewhere.json');
    fs.renameSync(setup.credentialsFile, elsewhere);
    fs.symlinkSync(elsewhere, setup.credentialsFile);
    const report = await setup.run();
    assert.deepEqual(only(report, 'credentials_symlink').params, { path: setup.credentialsFile, target: elsewhere });
    assert.deepEqual(problems(report), []);
  });

  // Root reads and writes anything: as root (CI), the diagnosis runs as uid 65534 on a home that is that user's.
  test('an unreadable file and an unwritable folder are errors', async (t) => {
    const setup = setUp(t);
    fs.chmodSync(setup.credentialsFile, 0o000);
    fs.chmodSync(setup.configDir, 0o500);
    try {
      const env = { CLAUDE_REMOTE_SIGNIN_OAUTH_URL: endpoint.origin, USER: 'dev' };
      const report = isRoot ? await diagnoseAsNobody({ env, homeDir: setup.home }) : await setup.run();
      assert.equal(only(report, 'credentials_not_readable').params.code, 'EACCES');
      only(report, 'config_dir_not_writable');
    } finally {
      // Before the temporary HOME is removed (cleanups run in the order they were registered).
      fs.chmodSync(setup.configDir, 0o700);
    }
  });
});

describe('login state', () => {
  test('missing, absent, corrupt', async (t) => {
    assert.equal(problems(await setUp(t, { login: 'none' }).run())[0], 'credentials_missing');
    assert.equal(problems(await setUp(t, { file: { mcpOAuth: {} } }).run())[0], 'login_absent');
    const broken = only(await setUp(t, { file: '{"claudeAiOauth": ' }).run(), 'credentials_corrupt');
    assert.deepEqual(broken.params.reason, 'invalid_json');
    const wrongType = only(
      await setUp(t, { file: { claudeAiOauth: { accessToken: 'a', expiresAt: 'soon' } } }).run(),
      'credentials_corrupt',
    );
    assert.deepEqual(wrongType.params, {
      path: wrongType.params.path,
      reason: 'unexpected_value',
      fields: 'claudeAiOauth.expiresAt',
    });
  });

  test('every problem the store reports maps to a code', () => {
    const reasonOf = (text: string) => {
      const status = loginStatus(parseCredentials(text), 0, 0);
      assert.equal(status.kind, 'unreadable');
      return corruptReason(status.kind === 'unreadable' ? status.problem : { kind: 'not_readable', code: 'none' });
    };
    assert.deepEqual(reasonOf('nope'), { reason: 'invalid_json' });
    assert.deepEqual(reasonOf('[1]'), { reason: 'not_an_object' });
    assert.deepEqual(reasonOf('{"claudeAiOauth":{"accessToken":1,"expiresAt":1}}'), {
      reason: 'unexpected_value',
      fields: 'claudeAiOauth.accessToken',
    });
  });

  test('a login the CLI blanked after invalid_grant says sign in again, ahead of everything else in the file', async (t) => {
    const setup = setUp(t, { login: { accessToken: '', refreshToken: '', expiresAt: 0 }, onboarding: 'none' });
    const report = await setup.run();
    assert.deepEqual(problems(report), ['login_blanked', 'onboarding_not_completed']);
    assert.equal(report.findings[0]!.severity, 'error');
  });

  test('an expired access token: a warning with a refresh token, an error without', async (t) => {
    const now = Date.now();
    const refreshable = only(await setUp(t, { login: { expiresAt: now - H } }).run(), 'access_token_expired');
    assert.equal(refreshable.severity, 'warning');
    assert.equal(refreshable.params.expiredAt, now - H);
    const stuck = await setUp(t, { login: { expiresAt: now - H, refreshToken: null } }).run();
    assert.equal(only(stuck, 'access_token_expired_no_refresh_token').severity, 'error');
  });

  test('the login deadline: passed, near, or passed by the 30-day estimate', async (t) => {
    const now = Date.now();
    const passed = await setUp(t, { login: { refreshTokenExpiresAt: now - H } }).run();
    assert.deepEqual(only(passed, 'login_deadline_passed').params, { deadlineAt: now - H });
    const near = only(await setUp(t, { login: { refreshTokenExpiresAt: now + 50 * H } }).run(), 'login_deadline_near');
    assert.equal(near.params.basis, 'server');
    assert.equal(near.params.hoursLeft, 49);

    const estimated = setUp(t, { login: { refreshTokenExpiresAt: undefined } });
    const fortyDaysAgo = new Date(now - 40 * 24 * H);
    fs.utimesSync(estimated.credentialsFile, fortyDaysAgo, fortyDaysAgo);
    assert.equal(only(await estimated.run(), 'login_deadline_estimate_passed').severity, 'warning');
  });

  test('scopes without user:inference are an error; a long-lived token is noted', async (t) => {
    const noInference = only(await setUp(t, { login: { scopes: ['user:profile'] } }).run(), 'login_missing_inference_scope');
    assert.deepEqual(noInference.params, { scopes: 'user:profile', requiredScope: 'user:inference' });
    const now = Date.now();
    const longLived = await setUp(t, {
      login: { refreshToken: undefined, refreshTokenExpiresAt: undefined, scopes: ['user:inference'], expiresAt: now + 300 * 24 * H },
    }).run();
    assert.deepEqual(only(longLived, 'long_lived_token').params, { expiresAt: now + 300 * 24 * H });
    assert.deepEqual(problems(longLived), []);
  });
});

describe('onboarding', () => {
  test('no global config, or one without hasCompletedOnboarding: true, means onboarding screens', async (t) => {
    const missing = await setUp(t, { onboarding: 'none' }).run();
    assert.deepEqual(problems(missing), ['onboarding_not_completed']);
    const setup = setUp(t, { onboarding: { hasCompletedOnboarding: false, projects: {} } });
    assert.deepEqual(only(await setup.run(), 'onboarding_not_completed').params, {
      path: setup.globalConfigFile,
      key: 'hasCompletedOnboarding',
    });
    const corrupt = setUp(t);
    fs.writeFileSync(corrupt.globalConfigFile, '{');
    only(await corrupt.run(), 'global_config_corrupt');
  });
});

describe('files that are not read', () => {
  // A repository's settings file linked to /dev/zero, a FIFO for .claude.json, a credentials file over its cap: each
  // is named with why it was not read, and the diagnosis itself stays quick (the reads are bounded; see boundedReads).
  test('a settings file that is no regular file, a FIFO .claude.json and a huge credentials file are each named', { skip: process.platform === 'win32' }, async (t) => {
    const setup = setUp(t, { onboarding: 'none' });
    const project = path.join(setup.home, 'project');
    fs.mkdirSync(path.join(project, '.claude'), { recursive: true });
    fs.symlinkSync('/dev/zero', path.join(project, '.claude', 'settings.json'));
    assert.equal(spawnSync('mkfifo', [setup.globalConfigFile]).status, 0);
    fs.truncateSync(setup.credentialsFile, 4 * 1024 * 1024 + 1);
    const report = await setup.run({ projectFolders: [project] });
    const skipped = report.findings.filter((f) => f.id === 'file_skipped').map((f) => [f.severity, f.params]);
    assert.deepEqual(skipped, [
      ['warning', { path: path.join(project, '.claude', 'settings.json'), reason: 'not_a_regular_file', limitBytes: 1024 * 1024 }],
      ['error', { path: setup.credentialsFile, reason: 'too_large', limitBytes: 4 * 1024 * 1024 }],
      ['warning', { path: setup.globalConfigFile, reason: 'not_a_regular_file', limitBytes: 128 * 1024 * 1024 }],
    ]);
    assert.ok(!ids(report).includes('credentials_not_readable') && !ids(report).includes('global_config_unreadable'), ids(report).join(', '));
  });
});

describe('locks', () => {
  test('the checked locks are exactly allLockPaths', (t) => {
    const location = resolveClaudeLocation({}, tempDir(t));
    assert.deepEqual(
      locksToCheck(location).map((lock) => lock.path),
      allLockPaths(location),
    );
  });

  test('a lock older than its stale time is reported as left behind; a fresh one as held', async (t) => {
    const setup = setUp(t);
    const stale = path.join(setup.configDir, '.storage-write.lock');
    const fresh = path.join(setup.configDir, '.oauth_refresh.lock');
    fs.mkdirSync(stale);
    fs.mkdirSync(fresh);
    const minuteAgo = new Date(Date.now() - 60_000);
    fs.utimesSync(stale, minuteAgo, minuteAgo);
    const report = await setup.run();
    const left = only(report, 'stale_lock');
    assert.equal(left.severity, 'info');
    assert.deepEqual(left.params, { path: stale, ageSeconds: 60, staleSeconds: 15 });
    assert.equal(only(report, 'lock_held').params.path, fresh);
  });
});

describe('the token endpoint', () => {
  test('a server clock 10 minutes ahead is a clock skew warning naming the minutes', async (t) => {
    const ahead = await startDateServer(10 * 60_000);
    t.after(() => ahead.close());
    const report = await setUp(t, { env: { CLAUDE_REMOTE_SIGNIN_OAUTH_URL: ahead.origin } }).run();
    const skew = only(report, 'clock_skew');
    assert.equal(skew.severity, 'warning');
    assert.equal(skew.params.skewMinutes, 10);
    assert.equal(skew.params.direction, 'behind');
    assert.equal(skew.params.origin, ahead.origin);
    assert.equal(only(report, 'token_endpoint_reachable').params.status, 405);
  });

  test('a closed port is an unreachable error with its cause, through the proxy named without its password', async (t) => {
    const closed = await startDateServer();
    await closed.close();
    const report = await setUp(t, { env: { CLAUDE_REMOTE_SIGNIN_OAUTH_URL: closed.origin } }).run({
      proxyDescription: 'http://alice:hunter2@proxy.example:3128',
    });
    const unreachable = report.findings[0]!;
    assert.deepEqual(unreachable, {
      id: 'token_endpoint_unreachable',
      severity: 'error',
      params: { origin: closed.origin, cause: 'ECONNREFUSED', proxy: 'http://proxy.example:3128' },
    });
    assert.deepEqual(only(report, 'proxy_in_use').params, { proxy: 'http://proxy.example:3128' });
    assert.ok(!JSON.stringify(report).includes('hunter2'));
  });

  test('a server that never answers is a timeout error after the short limit', async (t) => {
    const silent = await startDateServer(0, false);
    t.after(() => silent.close());
    const started = Date.now();
    const report = await setUp(t, { env: { CLAUDE_REMOTE_SIGNIN_OAUTH_URL: silent.origin } }).run({
      http: { timeoutMs: 200 },
    });
    assert.deepEqual(report.findings[0], {
      id: 'token_endpoint_timeout',
      severity: 'error',
      params: { origin: silent.origin, seconds: 0.2 },
    });
    assert.ok(Date.now() - started < 1_500);
  });
});

describe('macOS Keychain', () => {
  function fakeSecurity(exitCode: number) {
    const calls: string[][] = [];
    const run: RunCommand = async (command, args) => {
      calls.push([command, ...args]);
      return { code: exitCode, stdout: '', stderr: '' };
    };
    return { run, calls };
  }

  test('with CLAUDE_CONFIG_DIR the service gets the sha256 suffix; the login is read from the item Claude Code reads', async (t) => {
    const configDir = path.join(tempDir(t), 'cfg');
    const setup = setUp(t, { login: 'none', env: { CLAUDE_CONFIG_DIR: configDir, USER: 'alice' } });
    const expected = `Claude Code-credentials-${createHash('sha256').update(configDir).digest('hex').slice(0, 8)}`;
    assert.equal(keychainServiceName(configDir), expected);
    const security = securityStandIn();
    security.items.set(`${expected}|alice`, JSON.stringify({ claudeAiOauth: goodLogin(Date.now()) }));
    const report = await setup.run({ platform: 'darwin', runCommand: security.run });
    assert.deepEqual(only(report, 'keychain_item_present'), { id: 'keychain_item_present', severity: 'info', params: { service: expected, account: 'alice' } });
    assert.ok(ids(report).includes('login_ok'), 'the login in the item counts, though the file has none');
    assert.ok(!ids(report).includes('credentials_missing'));
    assert.equal(report.facts.keychainService, expected);
  });

  test('a leftover item older than the file is the problem, with the repair', async (t) => {
    const now = Date.now();
    const setup = setUp(t, { env: { USER: 'alice' } }); // the file holds a good login
    const security = securityStandIn();
    security.items.set('Claude Code-credentials|alice', JSON.stringify({ claudeAiOauth: { ...goodLogin(now - 9 * H), accessToken: 'sk-ant-oat01-old' } }));
    const report = await setup.run({ platform: 'darwin', runCommand: security.run });
    assert.deepEqual(report.findings[0], { id: 'keychain_item_stale', severity: 'warning', params: { service: 'Claude Code-credentials', account: 'alice' } });
  });

  test('an item whose overflow this extension cannot safely change is named, with why; one it can is not', async (t) => {
    const setup = setUp(t, { login: 'none', env: { USER: 'alice' } });
    const security = securityStandIn();
    const key = randomBytes(32);
    const item = { claudeAiOauth: goodLogin(Date.now()), keychainOverflow: { slot: 'a', key: key.toString('base64') } };
    security.items.set('Claude Code-credentials|alice', JSON.stringify(item));
    const kept = async () => (await setup.run({ platform: 'darwin', runCommand: security.run })).findings.filter((f) => f.id === 'keychain_overflow_kept');
    assert.deepEqual(await kept(), [
      { id: 'keychain_overflow_kept', severity: 'warning', params: { service: 'Claude Code-credentials', account: 'alice', reason: 'overflow_unreadable' } },
    ]);
    security.items.set('Claude Code-credentials-overflow-a|alice', sealOverflow({ mcpOAuth: { 'srv|1': { accessToken: 'x' } }, chatHistoryOauth: {} }, key));
    assert.deepEqual((await kept()).map((f) => f.params), [{ service: 'Claude Code-credentials', account: 'alice', reason: 'overflow_tied_to_login' }]);
    security.items.set('Claude Code-credentials-overflow-a|alice', sealOverflow({ mcpOAuth: { 'srv|1': { accessToken: 'x' } } }, key));
    assert.deepEqual(await kept(), []);
  });

  test('without CLAUDE_CONFIG_DIR the service is plain; no item, no finding', async (t) => {
    assert.equal(keychainServiceName(), 'Claude Code-credentials');
    assert.equal(keychainServiceName(''), 'Claude Code-credentials');
    const security = fakeSecurity(44);
    const report = await setUp(t).run({ platform: 'darwin', runCommand: security.run });
    assert.ok(security.calls.some((call) => call.includes('Claude Code-credentials')));
    assert.ok(!ids(report).some((id) => id.startsWith('keychain_')));
  });

  test('a security tool that fails is reported as unknown, not as absent', async (t) => {
    const report = await setUp(t).run({ platform: 'darwin', runCommand: fakeSecurity(51).run });
    assert.deepEqual(only(report, 'keychain_check_failed').params.cause, 'exit 51');
  });
});

describe('updateKeychainItem', () => {
  // A fake `security` holding items in a map; understands `-i` with one add-generic-password line on stdin.
  function fakeKeychain() {
    const items = new Map<string, string>();
    const argvSeen: string[] = [];
    const run: RunCommand = async (command, args, options): Promise<CommandResult> => {
      assert.equal(command, 'security');
      argvSeen.push(args.join(' '));
      const ok = (stdout = ''): CommandResult => ({ code: 0, stdout, stderr: '' });
      if (args[0] === '-i') {
        const m = /^add-generic-password -U -a "([^"]+)" -s "([^"]+)" -X "([0-9a-f]+)"\n$/.exec(options?.input ?? '');
        if (!m) return { code: 1, stdout: '', stderr: 'bad line' };
        items.set(`${m[2]}|${m[1]}`, Buffer.from(m[3]!, 'hex').toString('utf8'));
        return ok();
      }
      const flag = (name: string) => args[args.indexOf(name) + 1]!;
      if (args[0] === 'add-generic-password') {
        items.set(`${flag('-s')}|${flag('-a')}`, Buffer.from(flag('-X'), 'hex').toString('utf8'));
        return ok();
      }
      if (args[0] === 'find-generic-password') {
        const stored = items.get(`${flag('-s')}|${flag('-a')}`);
        if (stored === undefined) return { code: 44, stdout: '', stderr: '' };
        return ok(args.includes('-w') ? `${stored}\n` : 'keychain: "login.keychain-db"\n');
      }
      return { code: 2, stdout: '', stderr: '' };
    };
    return { run, items, argvSeen };
  }
  const secret = JSON.stringify({ claudeAiOauth: { accessToken: 'sk-ant-oat01-keychain', expiresAt: 1 } });

  test('the secret goes through stdin, never argv, and is read back before success', async () => {
    const keychain = fakeKeychain();
    const result = await updateKeychainItem(keychain.run, 'Claude Code-credentials', 'alice', secret);
    assert.deepEqual(result, { updated: true, via: 'stdin' });
    assert.equal(keychain.items.get('Claude Code-credentials|alice'), secret);
    const hex = Buffer.from(secret).toString('hex');
    for (const argv of keychain.argvSeen) assert.ok(!argv.includes(hex) && !argv.includes('sk-ant-'), argv);
  });

  test('too large for one stdin line: passed as an argument, as the CLI did, and read back', async () => {
    const big = JSON.stringify({ claudeAiOauth: { accessToken: 'a', expiresAt: 1 }, mcpOAuth: { x: 'y'.repeat(3000) } });
    const keychain = fakeKeychain();
    assert.deepEqual(await updateKeychainItem(keychain.run, 'svc', 'alice', big), { updated: true, via: 'arguments' });
    assert.equal(keychain.items.get('svc|alice'), big);
  });

  test('names that could break out of the quotes are refused; a silent failure is caught by the read-back', async () => {
    const keychain = fakeKeychain();
    assert.deepEqual(await updateKeychainItem(keychain.run, 'svc', 'al"ice', secret), { updated: false, reason: 'unsafe_name' });
    assert.deepEqual(await updateKeychainItem(keychain.run, 'svc\n', 'alice', secret), { updated: false, reason: 'unsafe_name' });
    const swallowsWrites: RunCommand = async (_command, args) =>
      args[0] === '-i' ? { code: 0, stdout: '', stderr: '' } : { code: 44, stdout: '', stderr: '' };
    assert.deepEqual(await updateKeychainItem(swallowsWrites, 'svc', 'alice', secret), {
      updated: false,
      reason: 'not_verified',
      cause: 'exit 44',
    });
  });
});

describe('order and the Markdown report', () => {
  test('finding ids are unique; problems sort by likely cause, then context, then what is fine', () => {
    assert.equal(new Set(FINDING_IDS).size, FINDING_IDS.length);
    const sorted = sortFindings([
      { id: 'login_ok', severity: 'ok', params: { expiresAt: 1 } },
      { id: 'proxy_in_use', severity: 'info', params: { proxy: 'p' } },
      { id: 'credentials_mode_too_open', severity: 'error', params: { path: 'f', mode: '0644', expectedMode: '0600' } },
      { id: 'onboarding_not_completed', severity: 'warning', params: { path: 'g', key: 'k' } },
      { id: 'env_oauth_token_in_use', severity: 'warning', params: { variable: 'CLAUDE_CODE_OAUTH_TOKEN' } },
    ]);
    assert.deepEqual(
      sorted.map((f) => f.id),
      ['env_oauth_token_in_use', 'onboarding_not_completed', 'credentials_mode_too_open', 'proxy_in_use', 'login_ok'],
    );
  });

  test('headings, one section per finding with its icon, a facts table, and no token-shaped text', async (t) => {
    const setup = setUp(t);
    fs.chmodSync(setup.credentialsFile, 0o644);
    const report = await setup.run({ proxyDescription: 'http://proxy|with-pipe:3128' });
    const markdown = renderReportMarkdown(
      report,
      (f) => ({
        title: f.id === 'credentials_mode_too_open' ? 'Others can read your sign-in' : f.id,
        detail: f.id === 'login_ok' ? 'Token sk-ant-oat01-should-never-show is valid.' : undefined,
        fix: f.id === 'credentials_mode_too_open' ? `Run \`chmod 600 ${String(f.params.path)}\`.` : undefined,
      }),
      { ...labels, formatTime: () => 'the time' },
    );
    assert.ok(markdown.startsWith('# Claude sign-in diagnosis\n\nGenerated: the time\n\n## Findings\n'));
    assert.match(markdown, /### Others can read your sign-in\n\n\*\*Error\*\* · `credentials_mode_too_open`\n/);
    assert.match(markdown, /\*\*Fix:\*\* Run `chmod 600 .+\.credentials\.json`\./);
    assert.match(markdown, /### login_ok\n\n\*\*OK\*\* · `login_ok`/);
    // No glyph that needs an emoji font (the report is read in editors and pasted into plain text).
    assert.doesNotMatch(markdown, /[\u2600-\u27BF\u{1F300}-\u{1FAFF}]/u);
    assert.equal(markdown.match(/^### /gm)?.length, report.findings.length);
    assert.match(markdown, /## Facts\n\n\| Fact \| Value \|\n\| --- \| --- \|\n\| fact platform \| `linux` \|/);
    assert.match(markdown, /\| fact configDirFromEnvironment \| no \|/);
    assert.match(markdown, /\| fact proxy \| `http:\/\/proxy\\\|with-pipe:3128` \|/);
    assert.ok(!markdown.includes('should-never-show'));
    assert.ok(markdown.includes('sk-ant-oat01-[redacted]'));
  });
});
