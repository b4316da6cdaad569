// Opening a container signs in: with the stored container token and no click, or with one click the first time.
import * as os from 'node:os';
import * as vscode from 'vscode';
import type * as Engine from '../engine';
import type { ClaudeLocation } from '../credentials/location';
import { describeError, type Log } from '../logging/log';
import {
  containerTokenFromLogin,
  loginFromContainerToken,
  readContainerToken,
  storeContainerToken,
  type SecretStore,
} from '../machines/containerToken';
import { isContainer, type MachineKind } from '../machines/machineKind';
import { forgetMachine, machineId, recordMachine } from '../machines/registry';
import { describeKeptAside } from '../signin/signInRemotely';
import { loginStatus } from '../status/loginStatus';
import type { LoginController, LoginKind } from './loginController';
import { readSettings } from './settings';

export class MachineSignIns {
  private machineId: string | undefined;

  constructor(
    private readonly secrets: SecretStore,
    private readonly log: Log,
    private readonly location: ClaudeLocation,
    readonly kind: MachineKind,
    private readonly loadEngine: () => typeof Engine,
    readonly hostLabel: string = os.hostname(),
  ) {}

  /** Computed on first use: hashing at activation would load node:crypto for nothing. */
  get id(): string {
    return (this.machineId ??= machineId(this.hostLabel, this.location.configDir));
  }

  /** After any successful sign-in here: remember the machine; keep a container token for the next containers. */
  async signedIn(signedIn: Engine.SignedIn, kind: LoginKind): Promise<void> {
    if (kind === 'container-token') {
      const token = containerTokenFromLogin(signedIn.login, Date.now());
      if (token) {
        await storeContainerToken(this.secrets, token);
        this.log.info('Stored the container token in VS Code’s secret storage for the next containers.');
      }
    }
    await this.record(kind === 'container-token' ? 'container-token' : 'full', signedIn.login.expiresAt ?? undefined);
  }

  async signedOut(): Promise<void> {
    await forgetMachine(this.secrets, this.id);
  }

  private record(method: 'full' | 'container-token', expiresAt: number | undefined): Promise<void> {
    return recordMachine(this.secrets, {
      id: this.id,
      kind: this.kind,
      hostLabel: this.hostLabel,
      configDir: this.location.configDir,
      method,
      signedInAt: Date.now(),
      expiresAt,
    });
  }

  /**
   * On startup in a container without a usable login: write the container token if the user chose "every
   * container", otherwise offer sign-in right away.
   */
  async onContainerStartup(controller: LoginController): Promise<void> {
    if (!isContainer(this.kind) || readSettings().containerSignIn === 'off') {
      return;
    }
    await controller.reload();
    const { read, writtenAt } = controller.snapshotNow;
    const status = loginStatus(read, Date.now(), writtenAt);
    const usable = status.kind === 'signed_in' && (status.canRefresh || (status.accessExpiresAt !== undefined && !status.accessExpired));
    if (usable) {
      this.log.info('Container already signed in; nothing to do.');
      return;
    }
    const token = await readContainerToken(this.secrets, Date.now());
    if (token) {
      try {
        const engine = this.loadEngine();
        const written = await engine.writeLogin(this.location, loginFromContainerToken(token));
        if (written.written && written.keptAside) {
          this.log.warn(`Kept what could not be used (${written.keptAside.problem.kind}) at ${written.keptAside.path}.`);
          void vscode.window.showWarningMessage(describeKeptAside(this.location.credentialsFile, written.keptAside));
        }
        await engine.markOnboardingComplete(this.location).catch((error) => this.log.warn(`Could not mark onboarding complete: ${describeError(error)}`));
        await this.record('container-token', token.expiresAt);
        this.log.info(`Signed this container in with the stored container token (${this.location.credentialsFile}).`);
        await controller.reload();
        void vscode.window.setStatusBarMessage(vscode.l10n.t('$(pass) Claude Code signed in automatically in this container'), 8000);
        return;
      } catch (error) {
        this.log.error(`Could not write the container token: ${describeError(error)}`);
      }
    }
    await this.offer(controller);
  }

  private async offer(controller: LoginController): Promise<void> {
    const here = vscode.l10n.t('Sign In');
    const every = vscode.l10n.t('Sign In Every Container Automatically');
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t('Claude Code is not signed in in this container.'),
      {
        detail: vscode.l10n.t(
          '"Sign In" signs in this container only. "Every container" signs in once in your browser for a long-lived, inference-only token kept in VS Code’s secret storage; new containers then sign in by themselves, and none shares a refresh token.',
        ),
      },
      here,
      every,
    );
    if (choice === here) {
      await controller.signIn('full');
    } else if (choice === every) {
      await controller.signIn('container-token');
    }
  }
}
