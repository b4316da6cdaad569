// The extension's settings, read in one place. All are machine-scoped: a workspace cannot change them.
import * as vscode from 'vscode';
import type { SignInMethod } from '../signin/signInRemotely';

export const SETTINGS_SECTION = 'claudeRemoteSignIn';

export interface Settings {
  readonly signInMethod: SignInMethod;
  readonly autoRefresh: boolean;
}

export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const method = config.get<string>('signInMethod');
  return {
    signInMethod: method === 'browser' || method === 'code' ? method : 'auto',
    autoRefresh: config.get<boolean>('autoRefresh', true),
  };
}
