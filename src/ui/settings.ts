// The extension's settings, read in one place. None can be set by a workspace (machine or application scope).
import * as vscode from 'vscode';
import type { SignInMethod } from '../signin/signInRemotely';

export const SETTINGS_SECTION = 'claudeRemoteSignIn';

export interface Settings {
  readonly signInMethod: SignInMethod;
  readonly autoRefresh: boolean;
  /** `offer`: new containers offer sign-in (and sign in by themselves once chosen); `off`: never. */
  readonly containerSignIn: 'offer' | 'off';
}

export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const method = config.get<string>('signInMethod');
  return {
    signInMethod: method === 'browser' || method === 'code' ? method : 'auto',
    autoRefresh: config.get<boolean>('autoRefresh', true),
    containerSignIn: config.get<string>('containerSignIn') === 'off' ? 'off' : 'offer',
  };
}
