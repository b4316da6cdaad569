// The extension's settings, read in one place. None can be set by a workspace (machine or application scope).
import * as vscode from 'vscode';
import type { ContainerSignInSetting } from '../machines/containerAutoSignIn';
import type { SignInMethod } from './signIn/signInRemotely';

export const SETTINGS_SECTION = 'claudeRemoteSignIn';

export interface Settings {
  readonly signInMethod: SignInMethod;
  readonly autoRefresh: boolean;
  /**
   * What a container without a login does: `containerToken` signs in with the container token (offered until there
   * is one), `fullSignIn` offers a full sign-in, `off` does nothing.
   */
  readonly containerSignIn: ContainerSignInSetting;
}

export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const method = config.get<string>('signInMethod');
  return {
    signInMethod: method === 'browser' || method === 'code' ? method : 'auto',
    autoRefresh: config.get<boolean>('autoRefresh', true),
    containerSignIn: containerSignIn(config.get<string>('containerSignIn')),
  };
}

/** Anything unknown, and `offer` (this setting's value before there were three), is the default: the container token. */
function containerSignIn(value: string | undefined): ContainerSignInSetting {
  return value === 'fullSignIn' || value === 'off' ? value : 'containerToken';
}

/** "Don't Ask Again", or choosing "every container": the user's own setting, never the workspace's. */
export function setContainerSignIn(value: ContainerSignInSetting): Thenable<void> {
  return vscode.workspace.getConfiguration(SETTINGS_SECTION).update('containerSignIn', value, vscode.ConfigurationTarget.Global);
}
