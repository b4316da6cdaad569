// Opening a page in the user's local browser, with a way out when VS Code cannot.
import * as vscode from 'vscode';
import type { Log } from '../../logging/log';

export async function openInLocalBrowser(url: string, log: Log): Promise<void> {
  // `true`: the URL is already encoded; don't let Uri re-encode its query.
  const opened = await vscode.env.openExternal(vscode.Uri.parse(url, true));
  log.info(opened ? 'Opened the sign-in page in the local browser.' : 'The browser did not open the sign-in page.');
  if (!opened) {
    const copy = vscode.l10n.t('Copy Link');
    void vscode.window
      .showWarningMessage(vscode.l10n.t('VS Code could not open your browser. Copy the sign-in link and open it in a browser yourself.'), copy)
      .then(async (choice) => {
        if (choice === copy) {
          await vscode.env.clipboard.writeText(url);
        }
      });
  }
}
