// Dates as the user reads them, in VS Code's display language.
import * as vscode from 'vscode';

export function formatTime(epochMs: number): string {
  return new Date(epochMs).toLocaleString(vscode.env.language, { dateStyle: 'medium', timeStyle: 'short' });
}
