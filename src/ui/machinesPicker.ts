// "Claude: Where am I signed in": the machines this VS Code signed in, with sign-out here and forgetting the
// container token. Shows no secret.
import * as vscode from 'vscode';
import { forgetContainerToken, readContainerToken, type SecretStore } from '../machines/containerToken';
import { listMachines, type MachineEntry } from '../machines/registry';
import type { MachineKind } from '../machines/machineKind';
import { formatTime } from './formatTime';
import type { LoginController } from './loginController';

type Action = vscode.QuickPickItem & { run?: () => Promise<unknown> };

export async function showMachines(secrets: SecretStore, controller: LoginController, thisMachineId: string): Promise<void> {
  const machines = await listMachines(secrets);
  const containerToken = await readContainerToken(secrets, Date.now());
  const items: Action[] = machines.map((machine) => ({
    label: `${machine.id === thisMachineId ? '$(vm-active)' : '$(vm)'} ${machine.hostLabel}`,
    description: [kindLabel(machine.kind), machine.id === thisMachineId ? vscode.l10n.t('this machine') : undefined].filter(Boolean).join(' · '),
    detail: describeMachine(machine),
  }));
  if (items.length === 0) {
    items.push({ label: vscode.l10n.t('No machine signed in by this VS Code yet.') });
  }
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
  items.push({
    label: `$(sign-out) ${vscode.l10n.t('Sign out here')}`,
    detail: vscode.l10n.t('Removes the Claude.ai login from this machine’s credentials file; other entries are kept.'),
    run: () => controller.signOut({ confirm: true }),
  });
  if (containerToken) {
    items.push({
      label: `$(trash) ${vscode.l10n.t('Forget the container token')}`,
      detail: vscode.l10n.t('New containers will ask before signing in. Containers that already have it keep working until it expires.'),
      run: async () => {
        await forgetContainerToken(secrets);
        void vscode.window.showInformationMessage(vscode.l10n.t('The container token was removed from VS Code’s secret storage.'));
      },
    });
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Where am I signed in'),
    placeHolder: vscode.l10n.t('Machines this VS Code signed in to Claude Code'),
  });
  await picked?.run?.();
}

function describeMachine(machine: MachineEntry): string {
  const parts = [
    machine.method === 'full' ? vscode.l10n.t('browser sign-in') : vscode.l10n.t('container token'),
    vscode.l10n.t('signed in {0}', formatTime(machine.signedInAt)),
  ];
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
