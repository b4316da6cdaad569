// Every command id, context key and status bar item id of this extension, spelled once. package.json contributes the
// commands and reads the context keys (enablement, the walkthrough's completion events); test/unit/commands.test.ts
// checks the two agree.
import * as vscode from 'vscode';

/** Every command the extension registers. */
export const COMMANDS = {
  signIn: 'claudeRemoteSignIn.signIn',
  signInWithAccount: 'claudeRemoteSignIn.signInWithAccount',
  signInEveryContainer: 'claudeRemoteSignIn.signInEveryContainer',
  signOut: 'claudeRemoteSignIn.signOut',
  showMachines: 'claudeRemoteSignIn.showMachines',
  refresh: 'claudeRemoteSignIn.refresh',
  statusBarClick: 'claudeRemoteSignIn.statusBarClick',
  diagnose: 'claudeRemoteSignIn.diagnose',
  showLog: 'claudeRemoteSignIn.showLog',
  /** The link in the waiting notification (not contributed: it means nothing from the palette). */
  pasteCodeInstead: 'claudeRemoteSignIn.pasteCodeInstead',
  /** Opens the shipped Chinese README in the Markdown preview (the Extensions view follows no relative link). */
  openChineseReadme: 'claudeRemoteSignIn.openChineseReadme',
} as const;

export type Command = keyof typeof COMMANDS;

/** The context keys package.json reads. */
export const CONTEXT_KEYS = {
  /** The container-only command and walkthrough step show on it. */
  inContainer: 'claudeRemoteSignIn.inContainer',
  /** The walkthrough's sign-in step completes on it. */
  signedIn: 'claudeRemoteSignIn.signedIn',
  /** The walkthrough's "refresh" step completes on it, once a refresh really happened. */
  refreshed: 'claudeRemoteSignIn.refreshed',
  /** The walkthrough's container step completes on it. */
  containerTokenKept: 'claudeRemoteSignIn.containerTokenKept',
} as const;

export const STATUS_BAR_ITEMS = {
  status: 'claudeRemoteSignIn.status',
  /** Instead of the status, in the local host of a remote window (misplacedHost.ts). */
  misplaced: 'claudeRemoteSignIn.misplaced',
} as const;

/** The setting the container offers change (package.json: claudeRemoteSignIn.containerSignIn). */
export const CONTAINER_SIGN_IN_SETTING = 'claudeRemoteSignIn.containerSignIn';

export function setContext(key: keyof typeof CONTEXT_KEYS, value: boolean): void {
  void vscode.commands.executeCommand('setContext', CONTEXT_KEYS[key], value);
}

export function runCommand(command: Command): void {
  void vscode.commands.executeCommand(COMMANDS[command]);
}

/** A `command:` link for Markdown (a notification's or a progress message's). */
export function commandLink(command: Command): string {
  return `command:${COMMANDS[command]}`;
}
