// Text from the environment is text. A path, an e-mail, a host or a server's words can hold what VS Code reads as
// markup: a notification turns `[label](command:…)` into a link, a tooltip and the diagnosis preview render Markdown
// (links, images, HTML, strike-through). Each surface is checked the way VS Code shows it: the tooltip through
// marked 14 (the Markdown renderer of VS Code 1.100's hovers), the report through markdown-it (its Markdown
// preview's), and a notification through the link rule of VS Code 1.100's notifications.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { marked } from 'marked';
import { resolveClaudeLocation } from '../../src/credentials/location.js';
import { LockBusyError } from '../../src/credentials/lockErrors.js';
import { FACT_NAMES, type DiagnosisReport, type Finding } from '../../src/engine/diagnosis/findings.js';
import { renderReportMarkdown, type ReportLabels } from '../../src/engine/diagnosis/markdown.js';
import { ANTHROPIC_ENDPOINTS } from '../../src/oauth/endpoints.js';
import { loginStatus } from '../../src/login/loginStatus.js';
import { uiModule as ui } from '../support/uiModule.js';
import * as vscode from '../support/vscodeStandIn.js';

// markdown-it ships no types; only `render` is used.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- an untyped package, typed here
const MarkdownIt = require('markdown-it') as new (options: Record<string, unknown>) => { render(markdown: string): string };

const LINK = '[x](command:workbench.action.terminal.new)';
const IMAGE = '![i](https://e.invalid/p.png)';
const HTML = '<img src=x onerror=alert(1)>';
const STRUCK = '~~a~~';
const TICKS = '`b` ``c';
const ENTITY = '&lt;';
const HOSTILE = [LINK, IMAGE, HTML, STRUCK, TICKS, ENTITY];

/** VS Code 1.100's notification link rule (src/vs/base/common/linkedText.ts); backslashes mean nothing to it. */
const NOTIFICATION_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;

/** Markup a value could smuggle in, as rendered HTML. */
const MARKUP = /<(a|img|del|s|em|strong|code|h[1-6]|blockquote|pre|li)\b/;


/** What a reader sees of rendered HTML: the text, tags gone, entities decoded, invisible joiners dropped. */
function visibleText(html: string): string {
  return html
    .replace(/<br\s*\/?>/g, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\u2060/g, '');
}

function renderTooltip(t: TestContext, language: 'en' | 'zh-cn', view: (now: number) => Partial<import('../../src/ui/status/statusBar.js').StatusView>, configDir: string): string {
  const { LoginStatusBar } = ui<typeof import('../../src/ui/status/statusBar.js')>(t, 'ui/status/statusBar.js', language);
  const bar = new LoginStatusBar(resolveClaudeLocation({ CLAUDE_CONFIG_DIR: configDir }, '/home/dev'), ANTHROPIC_ENDPOINTS);
  const now = Date.now();
  bar.show({ status: { kind: 'signed_out' }, refreshRefused: false, refreshing: false, now, ...view(now) });
  const tooltip = vscode.recorded.statusBarItems.at(-1)!.tooltip as { value: string; isTrusted: boolean };
  bar.dispose();
  assert.equal(tooltip.isTrusted, false);
  return marked.parse(tooltip.value, { async: false, gfm: true });
}

test('the Chinese tooltip with CLAUDE_CONFIG_DIR=~/.claude: the value as typed, nothing struck through', (t) => {
  const html = renderTooltip(t, 'zh-cn', () => ({ relativeConfigDir: '~/.claude' }), '~/.claude');
  assert.doesNotMatch(html, /<del>/);
  const text = visibleText(html);
  assert.match(text, /CLAUDE_CONFIG_DIR 设为“~\/\.claude”，这是相对路径/);
  assert.match(text, /~\/\.claude\/\.credentials\.json/);
});

test('the tooltip shows an e-mail, a path and a server’s words as typed: no link, image, HTML or strike-through', (t) => {
  const configDir = `/home/dev/${HOSTILE.join(' ')}`;
  const email = `${LINK} ${STRUCK} ${HTML}@e.invalid`;
  const problem = `Could not reach ${IMAGE} ${TICKS}.`;
  const html = renderTooltip(
    t,
    'en',
    (now) => {
      const login = { accessToken: 'sk-ant-oat01-a', refreshToken: 'sk-ant-ort01-r', expiresAt: now + 8 * 3_600_000, scopes: ['user:inference'] };
      return {
        status: loginStatus({ state: 'ok', file: { claudeAiOauth: login }, login }, now, now),
        account: { email },
        lastRefreshProblem: problem,
      };
    },
    configDir,
  );
  assert.doesNotMatch(html, MARKUP);
  const text = visibleText(html);
  for (const value of [email, problem, resolveClaudeLocation({ CLAUDE_CONFIG_DIR: configDir }, '/home/dev').credentialsFile]) {
    assert.ok(text.includes(value), `the tooltip shows ${JSON.stringify(value)} as typed:\n${text}`);
  }
});

const labels: ReportLabels = {
  title: 'Claude sign-in diagnosis',
  generatedAt: 'Generated',
  findingsHeading: 'Findings',
  factsHeading: 'This machine',
  factColumn: 'What',
  valueColumn: 'Value',
  fix: 'How to fix',
  severities: { error: 'Error', warning: 'Warning', info: 'Note', ok: 'OK' },
  factNames: Object.fromEntries(FACT_NAMES.map((name) => [name, name])) as unknown as ReportLabels['factNames'],
  yes: 'yes',
  no: 'no',
};

test('the diagnosis report shows paths, e-mails and servers’ words as typed: no link, image, HTML or strike-through', (t) => {
  const { describeFinding } = ui<typeof import('../../src/ui/words/findings.js')>(t, 'ui/words/findings.js');
  // As VS Code's Markdown preview renders it (HTML on, bare addresses linked by default).
  const preview = new MarkdownIt({ html: true, linkify: true });
  const render = (dir: string, account: string, proxy: string, plan: string): string => {
    const file = `${dir}/.credentials.json`;
    const findings = [
      { id: 'credentials_mode_too_open', severity: 'error', params: { path: file, mode: '644', expectedMode: '600' } },
      { id: 'config_dir_from_env', severity: 'info', params: { variable: 'CLAUDE_CONFIG_DIR', configDir: dir } },
      { id: 'keychain_item_stale', severity: 'warning', params: { service: 'Claude Code-credentials', account } },
      { id: 'proxy_in_use', severity: 'info', params: { proxy } },
      { id: 'login_ok', severity: 'ok', params: { expiresAt: Date.UTC(2030, 0, 1), subscriptionType: plan } },
    ];
    const report = { generatedAt: Date.UTC(2030, 0, 1), findings, facts: { platform: 'linux', configDir: dir, credentialsFile: file } } as unknown as DiagnosisReport;
    return preview.render(renderReportMarkdown(report, describeFinding, labels));
  };
  const elements = (html: string): string[] => (html.match(/<[a-z][a-z0-9]*/g) ?? []).sort();

  const values = [`/home/dev/${HOSTILE.join(' ')}`, `${LINK}${IMAGE}`, `http://${STRUCK}@proxy.invalid:3128 ${HTML}`, `${TICKS} ${ENTITY}`] as const;
  const html = render(...values);
  assert.deepEqual(elements(html), elements(render('/home/dev/plain', 'dev', 'http://proxy.invalid:3128', 'max')), `the values added markup:\n${html}`);
  const text = visibleText(html);
  for (const value of [...values, `${values[0]}/.credentials.json`]) {
    assert.ok(text.includes(value), `the report shows ${JSON.stringify(value)} as typed:\n${html}`);
  }
  assert.match(text, /chmod 600 "\/home\/dev\/\[x\]/, 'the fix reads as a command to type');
});

test('a notification shows a path, an e-mail or a host as typed, never as a link', (t) => {
  const { describeFailure } = ui<typeof import('../../src/ui/words/failures.js')>(t, 'ui/words/failures.js');
  const { relativeConfigDirMessage } = ui<typeof import('../../src/ui/words/loginStates.js')>(t, 'ui/words/loginStates.js');
  const { diagnosisSummary } = ui<typeof import('../../src/ui/words/findings.js')>(t, 'ui/words/findings.js');
  const { describeKeptAside } = ui<typeof import('../../src/ui/words/loginStates.js')>(t, 'ui/words/loginStates.js');
  const { organizationNotAllowed, pinnedMethodProblem } = ui<typeof import('../../src/ui/signIn/accountSignIn.js')>(t, 'ui/signIn/accountSignIn.js');
  const managedSettings = `/etc/claude-code/${LINK}/managed-settings.json`;
  const missing = { id: 'credentials_missing', severity: 'error', params: { path: `/home/${LINK}` } } as Finding;
  const lockPath = `/home/dev/${LINK}/.credentials.json.lock`;
  const messages = [
    () => describeFailure(new LockBusyError(lockPath, 5_000)),
    () => relativeConfigDirMessage(`${LINK}/.claude`),
    // "Most likely cause: …", the diagnosis's notification.
    () => diagnosisSummary({ generatedAt: 0, findings: [missing], facts: {} } as unknown as DiagnosisReport),
    () => describeKeptAside(`/home/dev/${LINK}/.credentials.json`, { path: `/home/dev/${LINK}/.credentials.json.bad`, problem: { kind: 'unrecognised_login', fields: [] } } as never),
    () => organizationNotAllowed({ file: managedSettings, organizations: { uuids: ['a'], single: true } }, 'b')!,
    () => pinnedMethodProblem({ file: managedSettings, loginMethod: 'console' })!,
  ];
  for (const say of messages) {
    const message = say();
    assert.deepEqual([...message.matchAll(NOTIFICATION_LINK)].map((link) => link[0]), [], `a link in: ${message}`);
    assert.ok(message.replace(/\u2060/g, '').includes(LINK), `the value as typed in: ${message}`);
  }
});
