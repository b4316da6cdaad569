// The Chinese README ships in the .vsix, but the Extensions view shows only README.md and follows no relative link
// from it: this command is the way there, in VS Code's Markdown preview (where its images load from the package).
import * as vscode from 'vscode';

export function openChineseReadme(extensionUri: vscode.Uri): Thenable<unknown> {
  return vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.joinPath(extensionUri, 'README.zh-CN.md'));
}
