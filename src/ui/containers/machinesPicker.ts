// "Claude: Where am I signed in": the machines this VS Code signed in, with sign-out here and removing the
// container token. Shows no secret.
import * as vscode from 'vscode';
import { forgetContainerToken, readContainerTokenValidity, readStoredContainerToken, type SecretStore } from '../../machines/containerToken';
import { forgetMachine, listMachines, type MachineEntry } from '../../machines/registry';
import type { MachineKind } from '../../machines/machineKind';
import { formatTime } from '../words/time';
import type { SignIns } from '../signIn/signIns';
import type { LoginModel } from '../status/loginModel';
import { untrusted } from '../../logging/untrustedText';

type Action = vscode.QuickPickItem & { run?: () => Promise<unknown> };

export async function showMachines(secrets: SecretStore, model: LoginModel, signIns: SignIns, thisMachineId: string): Promise<void> {
  const machines = await listMachines(secrets);
  // Also one too near its end to hand out: the user may still want it gone. Only whether one is kept: listing
  // machines brings no token into this window (it may be in Restricted Mode).
  const containerToken = (await readContainerTokenValidity(secrets)) ?? (vscode.workspace.isTrusted ? await readStoredContainerToken(secrets) : undefined);
  const { read } = model.current.snapshot;
  const signedInHere = read.state === 'ok' && Boolean(read.login?.accessToken);
  // Every row does something: a machine row takes it off the list (this VS Code cannot reach the others to sign them out).
  const items: Action[] = machines.map((machine) => ({
    label: `${machine.id === thisMachineId ? '$(vm-active)' : '$(vm)'} ${machine.hostLabel}`,
    description: [kindLabel(machine.kind), machine.id === thisMachineId ? vscode.l10n.t('this machine') : undefined].filter(Boolean).join(' · '),
    detail: describeMachine(machine),
    run: () => removeFromList(secrets, machine),
  }));
  const actions: Action[] = [];
  if (signedInHere) {
    actions.push({
      label: `$(sign-out) ${vscode.l10n.t('Sign out here')}`,
      detail: vscode.l10n.t('Removes the Claude.ai login from this machine’s credentials file; other entries are kept.'),
      run: () => signIns.signOut({ confirm: true }),
    });
  }
  if (containerToken) {
    actions.push({
      label: `$(trash) ${vscode.l10n.t('Remove the container token')}`,
      detail: vscode.l10n.t('New containers will ask before signing in. Containers that already have it keep it until it is revoked on your Claude account.'),
      run: () => forgetToken(secrets, model, signIns),
    });
  }
  if (items.length === 0 && actions.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('This VS Code has not signed in any machine yet. Run "Claude: Sign in remotely" to sign this one in.'));
    return;
  }
  if (items.length > 0 && actions.length > 0) {
    items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
  }
  const picked = await vscode.window.showQuickPick([...items, ...actions], {
    title: vscode.l10n.t('Where am I signed in'),
    placeHolder: items.length > 0 ? vscode.l10n.t('Pick a machine to take it off this list') : vscode.l10n.t('No machine signed in by this VS Code yet'),
  });
  await picked?.run?.();
}

async function removeFromList(secrets: SecretStore, machine: MachineEntry): Promise<void> {
  const remove = vscode.l10n.t('Remove from List');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Remove {0} from this list?', untrusted(machine.hostLabel)),
    {
      modal: true,
      detail: vscode.l10n.t('It stays signed in. To sign it out, open it in VS Code and run "Claude: Sign out".'),
    },
    remove,
  );
  if (choice === remove) {
    await forgetMachine(secrets, machine.id);
  }
}

/**
 * Removing our copy takes the token from no container that has it: only revoking it on the account does. Say so,
 * and offer to remove it from this container too.
 */
async function forgetToken(secrets: SecretStore, model: LoginModel, signIns: SignIns): Promise<void> {
  const remove = vscode.l10n.t('Remove Token');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Remove the container token from VS Code’s secret storage?'),
    {
      modal: true,
      detail: vscode.l10n.t(
        'New containers will ask before signing in. Containers that already have it keep it, and anything running in them can use it, until it expires or is revoked on your Claude account: sign out of other sessions in your Claude account settings.',
      ),
    },
    remove,
  );
  if (choice !== remove) {
    return;
  }
  // Read to tell whether this container has it: removing it is the user's own choice, in any window.
  const token = await readStoredContainerToken(secrets);
  await forgetContainerToken(secrets);
  const { read } = model.current.snapshot;
  if (token && read.state === 'ok' && read.login?.accessToken === token.accessToken) {
    const removeHere = vscode.l10n.t('Remove It From This Container Too');
    const again = await vscode.window.showInformationMessage(
      vscode.l10n.t('The container token was removed from VS Code’s secret storage. This container still has it in its credentials file.'),
      removeHere,
    );
    if (again === removeHere) {
      await signIns.signOut({ confirm: false });
    }
    return;
  }
  void vscode.window.showInformationMessage(vscode.l10n.t('The container token was removed from VS Code’s secret storage.'));
}

function describeMachine(machine: MachineEntry): string {
  // Which containers got the container token, and when: the ones that keep it until it is revoked.
  const parts =
    machine.method === 'full'
      ? [vscode.l10n.t('browser sign-in'), vscode.l10n.t('signed in {0}', formatTime(machine.signedInAt))]
      : [vscode.l10n.t('$(key) got the container token {0}', formatTime(machine.signedInAt))];
  if (machine.expiresAt) {
    parts.push(vscode.l10n.t('access until {0}', formatTime(machine.expiresAt)));
  }
  parts.push(machine.configDir);
  return parts.join(' · ');
}

function kindLabel(kind: MachineKind): string {
  switch (kind) {
    case 'dev-container':
      return vscode.l10n.t('dev container');
    case 'attached-container':
      return vscode.l10n.t('attached container');
    case 'codespaces':
      return 'Codespaces';
    case 'ssh':
      return 'SSH';
    case 'wsl':
      return 'WSL';
    case 'tunnel':
      return vscode.l10n.t('tunnel');
    case 'web':
      return vscode.l10n.t('web');
    case 'local':
      return vscode.l10n.t('local');
  }
}
