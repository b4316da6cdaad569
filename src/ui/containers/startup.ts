// Opening a container signs in: with the stored container token and no click when the user trusts the folder and
// Claude Code's folder is outside the source tree (machines/containerAutoSignIn.ts mayWriteContainerToken), otherwise
// with an offer that says why (offers.ts). Granting trust later signs in if that was all that stood in the way.
import * as vscode from 'vscode';
import { describeError } from '../../logging/log';
import { mayWriteContainerToken, placeOfConfigDirOnDisk } from '../../machines/containerAutoSignIn';
import { isUsableContainerToken, readStoredContainerToken } from '../../machines/containerToken';
import { readSettings } from '../settings';
import { localWorkspaceFolders } from '../workspaceFolders';
import type { ContainerParts } from './tokenWrite';

export class ContainerStartup implements vscode.Disposable {
  private trust: vscode.Disposable | undefined;

  constructor(private readonly parts: ContainerParts) {}

  /** Signs in now if allowed, and again when trust is granted. */
  async start(): Promise<void> {
    this.trust = vscode.workspace.onDidGrantWorkspaceTrust(() => {
      this.parts.log.info('The folder is trusted now.');
      void this.signInIfAllowed('trust_granted').catch((error) => this.parts.log.error(`Container sign-in failed: ${describeError(error)}`));
    });
    await this.signInIfAllowed('startup');
  }

  dispose(): void {
    this.trust?.dispose();
  }

  /** At startup: sign in or say why not. When trust is granted: sign in if that was all that stood in the way. */
  private async signInIfAllowed(trigger: 'startup' | 'trust_granted'): Promise<void> {
    const setting = readSettings().containerSignIn;
    if (setting === 'off') {
      return;
    }
    await this.parts.model.reload();
    const { status } = this.parts.model.current;
    const stored = await readStoredContainerToken(this.parts.secrets);
    const usable = status.kind === 'signed_in' && (status.canRefresh || (status.accessExpiresAt !== undefined && !status.accessExpired));
    if (usable) {
      if (stored && status.login.accessToken === stored.accessToken) {
        this.parts.tokenHere.watch(stored.accessToken);
      }
      if (trigger === 'startup') {
        this.parts.log.info('Container already signed in; nothing to do.');
      }
      return;
    }
    const token = stored && isUsableContainerToken(stored, Date.now()) ? stored : undefined;
    const place = placeOfConfigDirOnDisk(this.parts.location.configDir, localWorkspaceFolders());
    const verdict = mayWriteContainerToken({ setting, hasToken: token !== undefined, trusted: vscode.workspace.isTrusted, place });
    if (verdict.write) {
      if (await this.parts.writer.write(token!, 'Signed this container in with the stored container token')) {
        void vscode.window.setStatusBarMessage(vscode.l10n.t('$(pass) Claude Code signed in automatically in this container'), 8000);
      } else if (trigger === 'startup') {
        // The write failed (logged): a sign-in may still work.
        await this.parts.offers.offer();
      }
      return;
    }
    this.parts.log.info(`Not signing this container in by itself: ${verdict.reason}.`);
    if (trigger === 'trust_granted') {
      // The offer was made at startup; granting trust changes no other reason.
      return;
    }
    switch (verdict.reason) {
      case 'setting_off':
        return this.parts.offers.offerFullSignIn();
      case 'inside_workspace_folder':
      case 'inside_git_work_tree':
        return this.parts.offers.explainSourceTree(place, token);
      case 'untrusted':
        return this.parts.offers.offerInRestrictedMode(token!);
      case 'no_token':
        return stored && !isUsableContainerToken(stored, Date.now()) ? this.parts.offers.offerRenewal({ kind: 'offer_renewal', reason: 'expired' }, stored) : this.parts.offers.offer();
    }
  }
}
