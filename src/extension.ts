// Wiring only: activation, registration, disposal.
import * as vscode from 'vscode';
import { COMMANDS, setContext } from './ui/commands';
import { loadedEngine, loadEngine } from './ui/engineAccess';
import { endpointsInForce, OAUTH_URL_OVERRIDE_ENV } from './oauth/endpoints';
import { resolveClaudeLocation } from './credentials/location';
import { describeError, redactingLog } from './logging/log';
import { hostPlacement } from './machines/extensionHost';
import { detectMachineKind, isContainer } from './machines/machineKind';
import { containerControllerOf, MachineSignIns } from './ui/containers/machineSignIns';
import { showMachines } from './ui/containers/machinesPicker';
import { diagnoseCommand } from './ui/diagnosis/diagnoseReport';
import { openChineseReadme } from './ui/chineseReadme';
import { explainMisplacedHost } from './ui/misplacedHost';
import { SETTINGS_SECTION } from './ui/settings';
import { AccountSignIn } from './ui/signIn/accountSignIn';
import { CustomServerApproval } from './ui/signIn/customServerApproval';
import { pasteCodeInstead } from './ui/signIn/signInRemotely';
import { SignIns } from './ui/signIn/signIns';
import { AUTH_PROVIDER_ID, ClaudeAuthenticationProvider } from './ui/status/accountsProvider';
import { LoginRefresher } from './ui/status/autoRefresh';
import { LoginEndReminders } from './ui/status/loginEndReminders';
import { LoginModel } from './ui/status/loginModel';
import { LoginStatusBar, showLoginOnStatusBar } from './ui/status/statusBar';
import { clickStatusBar } from './ui/status/statusBarClick';

export const LOG_CHANNEL_NAME = 'Claude Remote Sign-In';

export function activate(context: vscode.ExtensionContext): void {
  const channel = vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
  const log = redactingLog(channel);
  // Reading the docs works in either host, so before the check below.
  context.subscriptions.push(vscode.commands.registerCommand(COMMANDS.openChineseReadme, () => openChineseReadme(context.extensionUri)));
  const remoteName = vscode.env.remoteName;
  if (hostPlacement(remoteName, context.extension.extensionKind === vscode.ExtensionKind.UI) === 'local_host_of_remote_window') {
    // The log and the Chinese README work in any host; every other command explains why it does nothing here.
    const { showLog, openChineseReadme: readme, ...acting } = COMMANDS;
    void readme;
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

  // Each object gets what it depends on, built before it; none is handed another after construction.
  const approval = new CustomServerApproval(endpoints, context.globalStorageUri.fsPath, log);
  const model = new LoginModel(log, location, loadEngine);
  const signIns = new SignIns(log, location, endpoints, loadEngine, approval, model);
  // The refresher listens to the model before the status bar does, so the bar shows what the refresher just learnt.
  const refresher = new LoginRefresher(log, location, endpoints, loadEngine, approval, model, signIns);
  const bar = new LoginStatusBar(location, endpoints);
  const barShowsLogin = showLoginOnStatusBar(bar, model, refresher);
  const machines = new MachineSignIns(context.secrets, log, location, machineKind, loadEngine);
  const accounts = new ClaudeAuthenticationProvider(model, signIns);
  const reminders = new LoginEndReminders(model, signIns, context.globalState, log);
  const otherAccount = new AccountSignIn(context.globalStorageUri.fsPath, log);
  context.subscriptions.push(
    channel,
    model,
    signIns,
    refresher,
    bar,
    barShowsLogin,
    machines,
    signIns.onDidSignIn(({ signedIn, kind }) => machines.signedIn(signedIn, kind)),
    signIns.onDidSignOut(() => machines.signedOut()),
    accounts,
    reminders,
    vscode.authentication.registerAuthenticationProvider(AUTH_PROVIDER_ID, 'Claude', accounts, { supportsMultipleAccounts: false }),
    vscode.commands.registerCommand(COMMANDS.signIn, () => signIns.signIn('full')),
    vscode.commands.registerCommand(COMMANDS.signInWithAccount, async () => {
      const account = await otherAccount.ask();
      if (account) await signIns.signIn('full', undefined, account);
    }),
    vscode.commands.registerCommand(COMMANDS.signInEveryContainer, () => signIns.signIn('container-token')),
    vscode.commands.registerCommand(COMMANDS.signOut, () => signIns.signOut({ confirm: true })),
    vscode.commands.registerCommand(COMMANDS.showMachines, () => showMachines(context.secrets, model, signIns, machines.id)),
    vscode.commands.registerCommand(COMMANDS.refresh, () => refresher.refresh('click')),
    vscode.commands.registerCommand(COMMANDS.statusBarClick, () => clickStatusBar(model, refresher, signIns)),
    vscode.commands.registerCommand(COMMANDS.diagnose, () => diagnoseCommand(loadEngine, endpoints, location, log)),
    vscode.commands.registerCommand(COMMANDS.showLog, () => channel.show()),
    vscode.commands.registerCommand(COMMANDS.pasteCodeInstead, pasteCodeInstead),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(SETTINGS_SECTION)) {
        refresher.settingsChanged();
      }
    }),
  );
  // Read and watch the file right after activation returns, not during it: nothing else waits for it.
  setImmediate(() =>
    void model
      .start()
      .then(() => machines.onContainerStartup(containerControllerOf(model, signIns)))
      .catch((error) => log.error(`Startup check failed: ${describeError(error)}`)),
  );
}

export async function deactivate(): Promise<void> {
  // Everything else is disposed through context.subscriptions; open connections go with the network half.
  await loadedEngine()?.closeDispatchers();
}
