// Wiring only: activation, registration, disposal.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type * as Engine from './engine';
import { endpointsInForce, OAUTH_URL_OVERRIDE_ENV } from './oauth/endpoints';
import { resolveClaudeLocation } from './credentials/location';
import { describeError, redactingLog } from './logging/log';
import { CLICK_COMMAND } from './status/statusBar';
import { hostPlacement } from './machines/extensionHost';
import { detectMachineKind, isContainer } from './machines/machineKind';
import { AccountSignIn } from './ui/accountSignIn';
import { AUTH_PROVIDER_ID, ClaudeAuthenticationProvider } from './ui/authProvider';
import { OPEN_CHINESE_README_COMMAND, openChineseReadme } from './ui/chineseReadme';
import { MachineSignIns } from './ui/containerSignIn';
import { CustomServerApproval } from './ui/customServer';
import { LoginController } from './ui/loginController';
import { LoginEndReminders } from './ui/loginEndReminders';
import { explainMisplacedHost } from './ui/misplacedHost';
import { showMachines } from './ui/machinesPicker';
import { SETTINGS_SECTION } from './ui/settings';
import { PASTE_INSTEAD_COMMAND } from './signin/flows/loopback';
import { pasteCodeInstead } from './signin/signInRemotely';

export const LOG_CHANNEL_NAME = 'Claude Remote Sign-In';

let engine: typeof Engine | undefined;
/** Loads the engine (network, locks, writes, diagnosis) on first use: see src/engine.ts and esbuild.mjs. */
function loadEngine(): typeof Engine {
  // A computed path keeps esbuild from inlining it: dist/engine.js is its own bundle.
  engine ??= require(path.join(__dirname, 'engine')) as typeof Engine;
  return engine;
}

/** Every command the manifest contributes. */
const COMMANDS = {
  signIn: 'claudeRemoteSignIn.signIn',
  signInWithAccount: 'claudeRemoteSignIn.signInWithAccount',
  signInEveryContainer: 'claudeRemoteSignIn.signInEveryContainer',
  signOut: 'claudeRemoteSignIn.signOut',
  showMachines: 'claudeRemoteSignIn.showMachines',
  refresh: 'claudeRemoteSignIn.refresh',
  statusBarClick: CLICK_COMMAND,
  diagnose: 'claudeRemoteSignIn.diagnose',
  showLog: 'claudeRemoteSignIn.showLog',
  /** The link in the waiting notification (not contributed: it means nothing from the palette). */
  pasteCodeInstead: PASTE_INSTEAD_COMMAND,
} as const;

export function activate(context: vscode.ExtensionContext): void {
  const channel = vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
  const log = redactingLog(channel);
  // Reading the docs works in either host, so before the check below.
  context.subscriptions.push(vscode.commands.registerCommand(OPEN_CHINESE_README_COMMAND, () => openChineseReadme(context.extensionUri)));
  const remoteName = vscode.env.remoteName;
  if (hostPlacement(remoteName, context.extension.extensionKind === vscode.ExtensionKind.UI) === 'local_host_of_remote_window') {
    const { showLog, ...acting } = COMMANDS;
    explainMisplacedHost(context, remoteName!, Object.values(acting), log);
    context.subscriptions.push(channel, vscode.commands.registerCommand(showLog, () => channel.show()));
    return;
  }
  const location = resolveClaudeLocation();
  const { endpoints, ignoredOverride } = endpointsInForce();
  if (ignoredOverride) {
    log.error(`Ignoring ${OAUTH_URL_OVERRIDE_ENV}: ${describeError(ignoredOverride)}`);
  }
  log.info(`Claude config directory: ${location.configDir}${location.fromEnvironment ? ' (from CLAUDE_CONFIG_DIR)' : ''}.`);
  if (endpoints.overridden) {
    log.warn(`Using the OAuth server ${new URL(endpoints.tokenUrl).origin} (set by ${OAUTH_URL_OVERRIDE_ENV}).`);
  }

  const machineKind = detectMachineKind(remoteName, process.env);
  log.info(`Machine: ${machineKind} (remote name: ${remoteName ?? 'none'}).`);
  // The container-only command and walkthrough step (package.json) show on this key.
  void vscode.commands.executeCommand('setContext', 'claudeRemoteSignIn.inContainer', isContainer(machineKind));
  const machines = new MachineSignIns(context.secrets, log, location, machineKind, loadEngine);
  const approval = new CustomServerApproval(endpoints, context.globalStorageUri.fsPath, log);
  const controller = new LoginController(log, location, endpoints, loadEngine, approval, {
    signedIn: (signedIn, kind) => machines.signedIn(signedIn, kind),
    signedOut: () => machines.signedOut(),
  });
  const accounts = new ClaudeAuthenticationProvider(controller);
  const otherAccount = new AccountSignIn(context.globalStorageUri.fsPath, log);
  const reminders = new LoginEndReminders(controller, context.globalState, log);
  context.subscriptions.push(
    channel,
    controller,
    machines,
    accounts,
    reminders,
    vscode.authentication.registerAuthenticationProvider(AUTH_PROVIDER_ID, 'Claude', accounts, { supportsMultipleAccounts: false }),
    vscode.commands.registerCommand(COMMANDS.signIn, () => controller.signIn('full')),
    vscode.commands.registerCommand(COMMANDS.signInWithAccount, async () => {
      const account = await otherAccount.ask();
      if (account) await controller.signIn('full', undefined, account);
    }),
    vscode.commands.registerCommand(COMMANDS.signInEveryContainer, () => controller.signIn('container-token')),
    vscode.commands.registerCommand(COMMANDS.signOut, () => controller.signOut({ confirm: true })),
    vscode.commands.registerCommand(COMMANDS.showMachines, () => showMachines(context.secrets, controller, machines.id)),
    vscode.commands.registerCommand(COMMANDS.refresh, () => controller.refresh('click')),
    vscode.commands.registerCommand(COMMANDS.statusBarClick, () => controller.click()),
    vscode.commands.registerCommand(COMMANDS.diagnose, () => controller.diagnose()),
    vscode.commands.registerCommand(COMMANDS.showLog, () => channel.show()),
    vscode.commands.registerCommand(COMMANDS.pasteCodeInstead, pasteCodeInstead),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(SETTINGS_SECTION)) {
        controller.settingsChanged();
      }
    }),
  );
  // Read and watch the file right after activation returns, not during it: nothing else waits for it.
  setImmediate(() =>
    void controller
      .start()
      .then(() => machines.onContainerStartup(controller))
      .catch((error) => log.error(`Startup check failed: ${describeError(error)}`)),
  );
}

export async function deactivate(): Promise<void> {
  // Everything else is disposed through context.subscriptions; open connections go with the network half.
  await engine?.closeDispatchers();
}
