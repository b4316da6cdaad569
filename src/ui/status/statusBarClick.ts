// The status bar's click: refresh when that can help, sign in otherwise, and a word about the container token when it
// needs nothing.
import * as vscode from 'vscode';
import { isLongLivedLogin } from '../../credentials/loginRecord';
import { locationUsable } from '../configDir';
import type { SignIns } from '../signIn/signIns';
import { formatDate } from '../words/time';
import type { LoginRefresher } from './autoRefresh';
import type { LoginModel } from './loginModel';

export async function clickStatusBar(model: LoginModel, refresher: LoginRefresher, signIns: SignIns): Promise<void> {
  if (!locationUsable(model.location)) return;
  const { status } = model.current;
  if (status.kind === 'signed_in' && status.canRefresh && !status.deadlinePassed && !refresher.view.refreshRefused) {
    return refresher.refresh('click');
  }
  if (status.kind === 'signed_in' && isLongLivedLogin(status.login) && status.accessExpiresAt !== undefined && !status.accessExpired) {
    explainContainerToken(status.accessExpiresAt, signIns);
    return;
  }
  await signIns.signIn();
}

/** A healthy container token needs nothing: say what it is, and offer a full sign-in only as a choice (not awaited). */
function explainContainerToken(expiresAt: number, signIns: SignIns): void {
  const fullSignIn = vscode.l10n.t('Full Sign-In for This Machine');
  const keep = vscode.l10n.t('Keep the Container Token');
  void vscode.window
    .showInformationMessage(
      vscode.l10n.t('This machine uses the container token: a long-lived, inference-only sign-in, valid until {0}. It needs no refresh.', formatDate(expiresAt)),
      fullSignIn,
      keep,
    )
    .then((choice) => {
      if (choice === fullSignIn) signIns.signInFromOffer('full');
    });
}
