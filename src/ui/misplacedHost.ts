// What the extension does when it finds itself in the local (UI) host of a remote window (machines/extensionHost.ts):
// it touches no Claude file, says why in the status bar, and offers to install it on the remote. Every command of
// the extension gives the same explanation instead of acting on the wrong machine.
import * as vscode from 'vscode';
import { STATUS_BAR_ITEMS } from './commands';
import { untrusted } from '../logging/untrustedText';
import type { Log } from '../logging/log';

/** VS Code's own "Install Local Extensions in '<remote>'…" picker. */
const INSTALL_ON_REMOTE_COMMAND = 'workbench.extensions.installLocalExtensions';

export function explainMisplacedHost(context: vscode.ExtensionContext, remoteName: string, commandIds: readonly string[], log: Log): void {
  log.warn(`Running in the local extension host of a ${remoteName} window: not reading or writing any Claude file here.`);
  const item = vscode.window.createStatusBarItem(STATUS_BAR_ITEMS.misplaced, vscode.StatusBarAlignment.Right, 100);
  item.name = vscode.l10n.t('Claude sign-in');
  item.text = `$(warning) ${vscode.l10n.t('Claude: Install on the remote')}`;
  item.tooltip = message(remoteName);
  item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
  item.command = commandIds[0];
  item.show();
  const explain = async (): Promise<void> => {
    const install = vscode.l10n.t('Install on the Remote');
    const choice = await vscode.window.showWarningMessage(message(remoteName), install);
    if (choice === install) {
      await vscode.commands.executeCommand(INSTALL_ON_REMOTE_COMMAND).then(undefined, () => vscode.commands.executeCommand('workbench.view.extensions'));
    }
  };
  context.subscriptions.push(item, ...commandIds.map((id) => vscode.commands.registerCommand(id, explain)));
}

function message(remoteName: string): string {
  return vscode.l10n.t(
    'Claude Remote Sign-In is running on your computer, not in this {0} window’s remote, where Claude Code keeps its sign-in. Install it on the remote so that it signs in the right machine.',
    untrusted(remoteName),
  );
}
