// What a container that did not sign itself in offers the user, and why, in the message itself (a notification shows
// no `detail`). Three buttons is what a notification shows without cutting their labels short.
import * as vscode from 'vscode';
import type { ClaudeLocation } from '../../credentials/location';
import type { Log } from '../../logging/log';
import type { ConfigDirPlace, RecoveryPlan } from '../../machines/containerAutoSignIn';
import type { ContainerToken } from '../../machines/containerToken';
import { CONTAINER_SIGN_IN_SETTING } from '../commands';
import { setContainerSignIn } from '../settings';
import type { LoginKind, SignIns } from '../signIn/signIns';
import { formatDate } from '../words/time';
import type { ContainerTokenWriter } from './tokenWrite';

export class ContainerOffers {
  constructor(
    private readonly log: Log,
    private readonly location: ClaudeLocation,
    private readonly signIns: SignIns,
    private readonly writer: ContainerTokenWriter,
  ) {}

  /** No container token yet: both ways. */
  async offer(): Promise<void> {
    const every = vscode.l10n.t('Every Container');
    const full = vscode.l10n.t('Full Sign-In Here');
    const never = vscode.l10n.t('Don’t Ask Again');
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t(
        'Claude Code in this container is not signed in. Every container: one browser approval, then new containers sign in by themselves with a long-lived token that only runs claude (Remote Control and claude.ai connectors need a full sign-in). Full sign-in: everything works, in this container only.',
      ),
      every,
      full,
      never,
    );
    if (choice === never) {
      return this.stopAsking();
    }
    await this.signInAs(choice === every ? 'container-token' : choice === full ? 'full' : undefined);
  }

  /** `fullSignIn`: new containers offer a full sign-in, nothing else. */
  async offerFullSignIn(): Promise<void> {
    const signIn = vscode.l10n.t('Sign In');
    const never = vscode.l10n.t('Don’t Ask Again');
    const choice = await vscode.window.showInformationMessage(vscode.l10n.t('Claude Code in this container is not signed in.'), signIn, never);
    if (choice === never) {
      return this.stopAsking();
    }
    await this.signInAs(choice === signIn ? 'full' : undefined);
  }

  async offerInRestrictedMode(token: ContainerToken): Promise<void> {
    const useToken = vscode.l10n.t('Use the Container Token Here');
    const full = vscode.l10n.t('Full Sign-In Here');
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t(
        'This folder is in Restricted Mode, so Claude Code was not signed in here with the container token: any code in this container can read it. Trust the folder and this container signs in by itself, or choose now.',
      ),
      useToken,
      full,
    );
    if (choice === useToken) {
      await this.writer.write(token, 'Signed this container in with the container token in Restricted Mode, as the user chose');
    } else {
      await this.signInAs(choice === full ? 'full' : undefined);
    }
  }

  /** Never into the source tree by itself: say why, and let the user write it once. */
  async explainSourceTree(place: ConfigDirPlace, token: ContainerToken | undefined): Promise<void> {
    const configDir = this.location.configDir;
    const message =
      place.kind === 'workspace_folder'
        ? vscode.l10n.t(
            'Claude Code’s folder {0} is inside the workspace folder {1}: a token written there can be committed, or synced to your computer through the mounted folder. This container was not signed in by itself. Set CLAUDE_CONFIG_DIR to a folder outside the source tree, such as a volume.',
            configDir,
            place.folder,
          )
        : vscode.l10n.t(
            'Claude Code’s folder {0} is inside the git working tree {1}: a token written there can be committed. This container was not signed in by itself. Set CLAUDE_CONFIG_DIR to a folder outside the source tree, such as a volume.',
            configDir,
            place.kind === 'git_work_tree' ? place.root : '',
          );
    const writeOnce = vscode.l10n.t('Write It Here Once');
    const signInAnyway = vscode.l10n.t('Sign In Here Anyway');
    const choice = await vscode.window.showWarningMessage(message, token ? writeOnce : signInAnyway);
    if (choice === writeOnce && token) {
      await this.writer.write(token, 'Wrote the container token into the source tree once, as the user chose');
    } else if (choice === signInAnyway) {
      await this.signInAs('full');
    }
  }

  /** The token ran out or Claude Code keeps dropping it: one offer of a new one, instead of writing it in a loop. */
  async offerRenewal(plan: Extract<RecoveryPlan, { kind: 'offer_renewal' }>, token: ContainerToken): Promise<void> {
    const message =
      plan.reason === 'expired'
        ? vscode.l10n.t(
            'The container token has run out or is about to (valid until {0}). Renew it with one browser approval, and new containers sign in by themselves again.',
            formatDate(token.expiresAt),
          )
        : plan.reason === 'refused'
          ? vscode.l10n.t(
              'Claude Code dropped the container token again right after it was written back: the token was probably revoked. Renew it with one browser approval, or sign in fully in this container.',
            )
          : vscode.l10n.t(
              'The login in {0} keeps disappearing, so the container token is no longer written back. Renew the token, or sign in fully in this container.',
              this.location.credentialsFile,
            );
    const renew = vscode.l10n.t('Renew the Container Token');
    const full = vscode.l10n.t('Full Sign-In Here');
    const choice = await vscode.window.showWarningMessage(message, renew, full);
    await this.signInAs(choice === renew ? 'container-token' : choice === full ? 'full' : undefined);
  }

  private async stopAsking(): Promise<void> {
    await setContainerSignIn('off');
    this.log.info(`Containers will no longer offer sign-in (${CONTAINER_SIGN_IN_SETTING}: off).`);
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Containers will no longer offer to sign in. To change that, set {0} in your user settings.', CONTAINER_SIGN_IN_SETTING),
    );
  }

  private async signInAs(kind: LoginKind | undefined): Promise<void> {
    if (kind) {
      await this.signIns.signIn(kind);
    }
  }
}
