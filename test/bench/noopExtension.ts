// The floor for require + activate: an extension that does nothing but register one command. The bench bundles it
// with the activation bundle's esbuild options (noopBundle in activation.ts) and times it beside dist/extension.js.
import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand('benchNoop.run', () => undefined));
}
