// A container the token signed in gets it back when Claude Code blanks or deletes the login (machines/
// containerAutoSignIn.ts planRecovery decides); after a `claude /logout`, or when it keeps happening, it does not.
import * as vscode from 'vscode';
import { signedOutByClaude } from '../../credentials/globalConfig';
import type { ClaudeLocation } from '../../credentials/location';
import type { CredentialsReadResult } from '../../credentials/read';
import { describeError, type Log } from '../../logging/log';
import { placeOfConfigDirOnDisk, planRecovery, type LoginHere } from '../../machines/containerAutoSignIn';
import { readStoredContainerToken, type SecretStore } from '../../machines/containerToken';
import { readSettings } from '../settings';
import type { LoginModel, LoginState } from '../status/loginModel';
import { localWorkspaceFolders } from '../workspaceFolders';
import type { ContainerOffers } from './offers';
import type { ContainerTokenWriter, TokenHere } from './tokenWrite';

/** Let Claude Code finish what it is doing with the file before we write it again. */
export const WRITE_BACK_DELAY_MS = 1500;

export class ContainerRecovery implements vscode.Disposable {
  private recoveryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly log: Log,
    private readonly location: ClaudeLocation,
    private readonly secrets: SecretStore,
    private readonly model: LoginModel,
    private readonly tokenHere: TokenHere,
    private readonly writer: ContainerTokenWriter,
    private readonly offers: ContainerOffers,
  ) {}

  /** Watches the login from now on (in a container). */
  start(): vscode.Disposable {
    return this.model.onDidChange(({ state, change }) => change === 'reread' && this.loginChanged(state));
  }

  /** Signed out on purpose: never put the token back. */
  stop(): void {
    this.tokenHere.forget();
    clearTimeout(this.recoveryTimer);
  }

  private loginHere(read: CredentialsReadResult): LoginHere {
    if (read.state === 'missing' || (read.state === 'ok' && !read.login)) return 'missing';
    if (read.state !== 'ok' || !read.login) return 'other';
    if (read.login.accessToken === '') return 'blanked';
    return read.login.accessToken === this.tokenHere.accessToken ? 'container_token' : 'other';
  }

  private loginChanged(state: LoginState): void {
    if (!this.tokenHere.accessToken) {
      return;
    }
    const { read } = state.snapshot;
    const here = this.loginHere(read);
    if (here === 'other' && read.state === 'ok') {
      this.log.info('This container uses another login now; the container token will not be put back.');
      this.tokenHere.forget();
    } else if (here === 'blanked' || here === 'missing') {
      clearTimeout(this.recoveryTimer);
      this.recoveryTimer = setTimeout(
        () => void this.recover().catch((error) => this.log.error(`Could not put the container token back: ${describeError(error)}`)),
        WRITE_BACK_DELAY_MS,
      );
    }
  }

  private async recover(): Promise<void> {
    if (!this.tokenHere.accessToken) {
      return;
    }
    await this.model.reload();
    let login = this.loginHere(this.model.current.snapshot.read);
    if (login === 'missing' && (await signedOutByClaude(this.location.globalConfigFile))) {
      login = 'signed_out_in_claude';
    }
    const stored = await readStoredContainerToken(this.secrets);
    const now = Date.now();
    const plan = planRecovery({
      setting: readSettings().containerSignIn,
      trusted: vscode.workspace.isTrusted,
      place: placeOfConfigDirOnDisk(this.location.configDir, localWorkspaceFolders()),
      login,
      token: stored,
      writtenBack: this.tokenHere.writtenBack,
      now,
    });
    switch (plan.kind) {
      case 'nothing':
        if (plan.reason !== 'still_signed_in') {
          this.log.info(`Not putting the container token back: ${plan.reason}.`);
        }
        return;
      case 'write_back':
        if (await this.writer.write(stored!, `Claude Code ${login === 'blanked' ? 'blanked' : 'removed'} the login here; wrote the container token back`, { record: false })) {
          this.tokenHere.writtenBack = [...this.tokenHere.writtenBack, now].slice(-10);
        }
        return;
      case 'offer_renewal':
        // Once: from here on the user decides.
        this.tokenHere.forget();
        this.log.warn(`Not putting the container token back again (${plan.reason}); offering a new one.`);
        return this.offers.offerRenewal(plan, stored!);
    }
  }

  dispose(): void {
    clearTimeout(this.recoveryTimer);
  }
}
