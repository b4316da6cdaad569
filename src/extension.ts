// Wiring only: activation, registration, disposal.
import * as vscode from 'vscode';
import { COMMANDS, setContext } from './ui/commands';
import { loadedEngine, loadEngine } from './ui/engineAccess';
import { endpointsInForce, OAUTH_URL_OVERRIDE_ENV } from './oauth/endpoints';
import { resolveClaudeLocation } from './credentials/location';
import { describeError, redactingLog } from './logging/log';
import { hostPlacement } from './machines/extensionHost';
import { detectMachineKind, isContainer } from './machines/machineKind';
import { AccountSignIn } from './ui/signIn/accountSignIn';
import { AUTH_PROVIDER_ID, ClaudeAuthenticationProvider } from './ui/status/accountsProvider';
import { MachineSignIns } from './ui/containers/machineSignIns';
import { CustomServerApproval } from './ui/signIn/customServerApproval';
import { LoginController } from './ui/status/loginController';
import { LoginEndReminders } from './ui/status/loginEndReminders';
import { explainMisplacedHost } from './ui/misplacedHost';
import { showMachines } from './ui/containers/machinesPicker';
import { SETTINGS_SECTION } from './ui/settings';
import { pasteCodeInstead } from './ui/signIn/signInRemotely';

export const LOG_CHANNEL_NAME = 'Claude Remote Sign-In';

export function activate(context: vscode.ExtensionContext): void {
  const channel = vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
  const log = redactingLog(channel);
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
  setContext('inContainer', isContainer(machineKind));
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
  await loadedEngine()?.closeDispatchers();
}
