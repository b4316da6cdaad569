// The open folders that are on this machine's disk (not virtual ones): where project settings and a source tree can be.
import * as vscode from 'vscode';

export function localWorkspaceFolders(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file').map((folder) => folder.uri.fsPath);
}
