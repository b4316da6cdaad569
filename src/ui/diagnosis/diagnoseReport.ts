// "Claude: Diagnose sign-in": runs the checks (src/engine/diagnosis), has each finding worded in the user's language
// (words/findings.ts), and shows one rendered, read-only report with a copy action (the Markdown).
import * as os from 'node:os';
import * as vscode from 'vscode';
import type { HttpOptions } from '../../engine/transport/http';
import type { ClaudeLocation } from '../../credentials/location';
import { redact } from '../../logging/redaction';
import type { Log } from '../../logging/log';
import type { OAuthEndpoints } from '../../oauth/endpoints';
import type { Engine } from '../engineAccess';
import { networkFor } from '../network';
import { localWorkspaceFolders } from '../workspaceFolders';
import { describeFinding, diagnosisSummary, reportLabels } from '../words/findings';
import { untrusted } from '../../logging/untrustedText';

export interface DiagnoseDependencies {
  readonly engine: typeof Engine;
  readonly location: ClaudeLocation;
  readonly log: Log;
  readonly http: HttpOptions;
  readonly proxyDescription?: string;
}

export async function showDiagnosis(deps: DiagnoseDependencies): Promise<string> {
  const report = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Diagnosing Claude sign-in…') },
    () =>
      deps.engine.diagnose({
        env: process.env,
        homeDir: os.homedir(),
        platform: process.platform,
        uid: process.getuid?.(),
        now: Date.now(),
        projectFolders: localWorkspaceFolders(),
        http: deps.http,
        proxyDescription: deps.proxyDescription,
      }),
  );
  const markdown = redact(deps.engine.renderReportMarkdown(report, describeFinding, reportLabels()));
  deps.log.info(`Diagnosis: ${report.findings.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => f.id).join(', ') || 'no problem found'}.`);
  await showRendered(markdown, reportLabels().title);

  const copy = vscode.l10n.t('Copy Report');
  const keychain = report.findings.some((f) => f.id === 'keychain_item_stale') ? vscode.l10n.t('Update Keychain Item') : undefined;
  void vscode.window.showInformationMessage(diagnosisSummary(report), ...[copy, keychain].filter((x): x is string => Boolean(x))).then(async (choice) => {
    if (choice === copy) {
      await vscode.env.clipboard.writeText(markdown);
    } else if (choice && choice === keychain) {
      await updateKeychainFromFile(deps);
    }
  });
  return markdown;
}

/**
 * The report as a read-only document of our own scheme, shown in VS Code's Markdown preview: rendered in the theme,
 * and nothing asks to be saved on close (an untitled document would). The latest report replaces the one before.
 */
const REPORT_SCHEME = 'claude-remote-signin-diagnosis';
let reports: { readonly text: Map<string, string>; readonly changed: vscode.EventEmitter<vscode.Uri> } | undefined;

async function showRendered(markdown: string, title: string): Promise<void> {
  if (!reports) {
    const text = new Map<string, string>();
    const changed = new vscode.EventEmitter<vscode.Uri>();
    // Lives as long as the extension host: a preview may be reopened from its tab at any time.
    vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, { onDidChange: changed.event, provideTextDocumentContent: (uri) => text.get(uri.path) ?? '' });
    reports = { text, changed };
  }
  const uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${title}.md` });
  reports.text.set(uri.path, markdown);
  reports.changed.fire(uri);
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    // The built-in Markdown extension is disabled: the same read-only document, as text.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
  }
}

/** macOS remotes: Claude Code reads the Keychain item, not the file; the engine puts the file's login into the item. */
async function updateKeychainFromFile(deps: DiagnoseDependencies): Promise<void> {
  const repair = await deps.engine.copyLoginIntoKeychain(deps.location, process.env, deps.log);
  switch (repair.state) {
    case 'no_login':
      void vscode.window.showErrorMessage(vscode.l10n.t('There is no login in {0} to copy into the Keychain.', untrusted(deps.location.credentialsFile)));
      return;
    case 'updated':
      void vscode.window.showInformationMessage(vscode.l10n.t('Updated the Keychain item {0}. Claude Code now uses this sign-in.', untrusted(repair.service)));
      return;
    case 'failed':
      void vscode.window.showErrorMessage(vscode.l10n.t('Could not update the Keychain item {0} ({1}).', untrusted(repair.service), repair.reason));
      return;
  }
}

/** "Claude: Diagnose sign-in", with the network as the user set it. */
export async function diagnoseCommand(loadEngine: () => typeof Engine, endpoints: OAuthEndpoints, location: ClaudeLocation, log: Log): Promise<void> {
  const engine = loadEngine();
  await showDiagnosis({ engine, location, log, ...networkFor(engine, endpoints.tokenUrl, log) });
}

