// A container the token signed in gets it back when Claude Code blanks or deletes the login (machines/
// containerAutoSignIn.ts planRecovery decides); after a `claude /logout`, or when it keeps happening, it does not.
import * as vscode from 'vscode';
import { signedOutByClaude } from '../../credentials/globalConfig';
import type { CredentialsReadResult } from '../../credentials/read';
import { describeError } from '../../logging/log';
import { placeOfConfigDirOnDisk, planRecovery, type LoginHere } from '../../machines/containerAutoSignIn';
import { readStoredContainerToken } from '../../machines/containerToken';
import { readSettings } from '../settings';
import type { LoginState } from '../status/loginModel';
import { localWorkspaceFolders } from '../workspaceFolders';
import type { ContainerParts } from './tokenWrite';

/** Let Claude Code finish what it is doing with the file before we write it again. */
export const WRITE_BACK_DELAY_MS = 1500;

export class ContainerRecovery implements vscode.Disposable {
  private recoveryTimer: NodeJS.Timeout | undefined;

  constructor(private readonly parts: ContainerParts) {}

  /** Watches the login from now on (in a container). */
  start(): vscode.Disposable {
    return this.parts.model.onDidChange(({ state, change }) => change === 'reread' && this.loginChanged(state));
  }

  /** Signed out on purpose: never put the token back. */
  stop(): void {
    this.parts.tokenHere.forget();
    clearTimeout(this.recoveryTimer);
  }

  private loginHere(read: CredentialsReadResult): LoginHere {
    if (read.state === 'missing' || (read.state === 'ok' && !read.login)) return 'missing';
    if (read.state !== 'ok' || !read.login) return 'other';
    if (read.login.accessToken === '') return 'blanked';
    return read.login.accessToken === this.parts.tokenHere.accessToken ? 'container_token' : 'other';
  }

  private loginChanged(state: LoginState): void {
    if (!this.parts.tokenHere.accessToken) {
      return;
    }
    const { read } = state.snapshot;
    const here = this.loginHere(read);
    if (here === 'other' && read.state === 'ok') {
      this.parts.log.info('This container uses another login now; the container token will not be put back.');
      this.parts.tokenHere.forget();
    } else if (here === 'blanked' || here === 'missing') {
      clearTimeout(this.recoveryTimer);
      this.recoveryTimer = setTimeout(
        () => void this.recover().catch((error) => this.parts.log.error(`Could not put the container token back: ${describeError(error)}`)),
        WRITE_BACK_DELAY_MS,
      );
    }
  }

  private async recover(): Promise<void> {
    if (!this.parts.tokenHere.accessToken) {
      return;
    }
    await this.parts.model.reload();
    let login = this.loginHere(this.parts.model.current.snapshot.read);
    if (login === 'missing' && (await signedOutByClaude(this.parts.location.globalConfigFile))) {
      login = 'signed_out_in_claude';
    }
    const stored = await readStoredContainerToken(this.parts.secrets);
    const now = Date.now();
    const plan = planRecovery({
      setting: readSettings().containerSignIn,
      trusted: vscode.workspace.isTrusted,
      place: placeOfConfigDirOnDisk(this.parts.location.configDir, localWorkspaceFolders()),
      login,
      token: stored,
      writtenBack: this.parts.tokenHere.writtenBack,
      now,
    });
    switch (plan.kind) {
      case 'nothing':
        if (plan.reason !== 'still_signed_in') {
          this.parts.log.info(`Not putting the container token back: ${plan.reason}.`);
        }
        return;
      case 'write_back':
        if (await this.parts.writer.write(stored!, `Claude Code ${login === 'blanked' ? 'blanked' : 'removed'} the login here; wrote the container token back`, { record: false })) {
          this.parts.tokenHere.writtenBack = [...this.parts.tokenHere.writtenBack, now].slice(-10);
        }
        return;
      case 'offer_renewal':
        // Once: from here on the user decides.
        this.parts.tokenHere.forget();
        this.parts.log.warn(`Not putting the container token back again (${plan.reason}); offering a new one.`);
        return this.parts.offers.offerRenewal(plan, stored!);
    }
  }

  dispose(): void {
    clearTimeout(this.recoveryTimer);
  }
}
