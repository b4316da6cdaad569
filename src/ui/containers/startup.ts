// Opening a container signs in: with the stored container token and no click when the user trusts the folder and
// Claude Code's folder is outside the source tree (machines/containerAutoSignIn.ts mayWriteContainerToken), otherwise
// with an offer that says why (offers.ts). Granting trust later signs in if that was all that stood in the way.
import * as vscode from 'vscode';
import type { ClaudeLocation } from '../../credentials/location';
import { describeError, type Log } from '../../logging/log';
import { mayWriteContainerToken, placeOfConfigDirOnDisk } from '../../machines/containerAutoSignIn';
import { isUsableContainerToken, readStoredContainerToken, type SecretStore } from '../../machines/containerToken';
import { readSettings } from '../settings';
import type { LoginModel } from '../status/loginModel';
import { localWorkspaceFolders } from '../workspaceFolders';
import type { ContainerOffers } from './offers';
import type { ContainerTokenWriter, TokenHere } from './tokenWrite';

export class ContainerStartup implements vscode.Disposable {
  private trust: vscode.Disposable | undefined;

  constructor(
    private readonly log: Log,
    private readonly location: ClaudeLocation,
    private readonly secrets: SecretStore,
    private readonly model: LoginModel,
    private readonly tokenHere: TokenHere,
    private readonly writer: ContainerTokenWriter,
    private readonly offers: ContainerOffers,
  ) {}

  /** Signs in now if allowed, and again when trust is granted. */
  async start(): Promise<void> {
    this.trust = vscode.workspace.onDidGrantWorkspaceTrust(() => {
      this.log.info('The folder is trusted now.');
      void this.signInIfAllowed('trust_granted').catch((error) => this.log.error(`Container sign-in failed: ${describeError(error)}`));
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
    await this.model.reload();
    const { status } = this.model.current;
    const stored = await readStoredContainerToken(this.secrets);
    const usable = status.kind === 'signed_in' && (status.canRefresh || (status.accessExpiresAt !== undefined && !status.accessExpired));
    if (usable) {
      if (stored && status.login.accessToken === stored.accessToken) {
        this.tokenHere.watch(stored.accessToken);
      }
      if (trigger === 'startup') {
        this.log.info('Container already signed in; nothing to do.');
      }
      return;
    }
    const token = stored && isUsableContainerToken(stored, Date.now()) ? stored : undefined;
    const place = placeOfConfigDirOnDisk(this.location.configDir, localWorkspaceFolders());
    const verdict = mayWriteContainerToken({ setting, hasToken: token !== undefined, trusted: vscode.workspace.isTrusted, place });
    if (verdict.write) {
      if (await this.writer.write(token!, 'Signed this container in with the stored container token')) {
        void vscode.window.setStatusBarMessage(vscode.l10n.t('$(pass) Claude Code signed in automatically in this container'), 8000);
      } else if (trigger === 'startup') {
        // The write failed (logged): a sign-in may still work.
        await this.offers.offer();
      }
      return;
    }
    this.log.info(`Not signing this container in by itself: ${verdict.reason}.`);
    if (trigger === 'trust_granted') {
      // The offer was made at startup; granting trust changes no other reason.
      return;
    }
    switch (verdict.reason) {
      case 'setting_off':
        return this.offers.offerFullSignIn();
      case 'inside_workspace_folder':
      case 'inside_git_work_tree':
        return this.offers.explainSourceTree(place, token);
      case 'untrusted':
        return this.offers.offerInRestrictedMode(token!);
      case 'no_token':
        return stored && !isUsableContainerToken(stored, Date.now()) ? this.offers.offerRenewal({ kind: 'offer_renewal', reason: 'expired' }, stored) : this.offers.offer();
    }
  }
}
