// "Your Claude sign-in ends on …": the login-end reminders (login/loginEndReminder.ts decides when) as a timer and
// a notification with "Sign in again now". What was shown is remembered in globalState, so another window or a
// restart does not say it again.
import * as vscode from 'vscode';
import { describeError, type Log } from '../../logging/log';
import { keepShown, planLoginEndReminder, type DueReminder } from '../../login/loginEndReminder';
import { describeLoginEnd } from '../words/loginStates';
import type { SignIns } from '../signIn/signIns';
import type { LoginModel } from './loginModel';

/** globalState key: reminder key → the end of its login (for pruning). */
const SHOWN_KEY = 'loginEndRemindersShown';

export class LoginEndReminders implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly model: LoginModel,
    private readonly signIns: SignIns,
    private readonly memory: vscode.Memento,
    private readonly log: Log,
  ) {
    this.subscription = model.onDidChange(() => this.check());
  }

  private check(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const { status, at: now } = this.model.current;
    const shown = keepShown(this.memory.get<Record<string, number>>(SHOWN_KEY, {}), now);
    const plan = planLoginEndReminder(status, now, new Set(Object.keys(shown)));
    if (plan.due) {
      void this.memory.update(SHOWN_KEY, { ...shown, [plan.due.key]: plan.due.endsAt });
      void this.show(plan.due);
    }
    if (plan.nextAt !== undefined) {
      // setTimeout cannot wait longer than ~24.8 days; checking early just plans again. The model's status at that
      // moment is what the check reads.
      this.timer = setTimeout(() => this.model.recompute(), Math.min(Math.max(0, plan.nextAt - now), 2 ** 31 - 1));
    }
  }

  private async show(due: DueReminder): Promise<void> {
    this.log.info(`Reminding that the login ends at ${new Date(due.endsAt).toISOString()} (${due.stage}).`);
    const signInAgain = vscode.l10n.t('Sign in again now');
    const message =
      due.stage === 'last_day'
        ? vscode.l10n.t('Your Claude sign-in on this machine ends within a day. {0} Sign in again now so that Claude Code keeps working; MCP tokens and other entries are kept.', describeLoginEnd(due.endsAt, Date.now()))
        : vscode.l10n.t('Your Claude sign-in on this machine is ending; refreshing does not extend it. {0} Sign in again now so that Claude Code keeps working; MCP tokens and other entries are kept.', describeLoginEnd(due.endsAt, Date.now()));
    const choice = await vscode.window.showWarningMessage(message, signInAgain);
    if (choice === signInAgain) {
      await this.signIns.signIn('full').catch((error) => this.log.error(`Sign-in from the reminder failed: ${describeError(error)}`));
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.subscription.dispose();
  }
}
