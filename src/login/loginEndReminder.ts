// When to tell the user that a login is about to end, as a pure function of the login, the clock and what was
// already shown. A Claude Code login ends on a fixed date (refreshTokenExpiresAt; a refresh does not move it) and
// the CLI warns only inside a running session: we say it three days ahead and again on its last day, once each.
// The UI (ui/loginEndReminders.ts) only turns the plan into a timer and a notification.
import type { LoginStatus } from './loginStatus';

const DAY_MS = 24 * 3_600_000;
/** The first reminder: this long before the end. */
export const FIRST_REMINDER_MS = 3 * DAY_MS;
/** The second: on the last day. */
export const LAST_DAY_MS = DAY_MS;

export type ReminderStage = 'three_days' | 'last_day';

export interface DueReminder {
  /** Remember this once shown: the plan never returns the same key twice. */
  readonly key: string;
  readonly stage: ReminderStage;
  readonly endsAt: number;
}

export interface ReminderPlan {
  readonly due?: DueReminder;
  /** When the next reminder of this login becomes due, if one is left. */
  readonly nextAt?: number;
}

/**
 * `shown` holds the keys of reminders already shown (any login). Nothing for a login without a refresh token (a
 * container or long-lived token: nothing to sign in again before), one already over, or one whose end is only
 * estimated (the estimate moves with every refresh, so it would warn of an end that may not come).
 */
export function planLoginEndReminder(status: LoginStatus, now: number, shown: ReadonlySet<string>): ReminderPlan {
  if (status.kind !== 'signed_in' || !status.canRefresh || !status.deadline || status.deadline.estimated) {
    return {};
  }
  const endsAt = status.deadline.at;
  if (endsAt <= now) {
    return {};
  }
  // The end date and the account tell one login from the next: signing in again starts a new chain and a new date.
  const login = `${status.login.accountUuid ?? 'unknown account'}@${endsAt}`;
  const lastDay = { key: `${login}:last_day`, stage: 'last_day' as const, endsAt };
  if (endsAt - now <= LAST_DAY_MS) {
    return shown.has(lastDay.key) ? {} : { due: lastDay };
  }
  const threeDays = { key: `${login}:three_days`, stage: 'three_days' as const, endsAt };
  if (endsAt - now <= FIRST_REMINDER_MS) {
    return { due: shown.has(threeDays.key) ? undefined : threeDays, nextAt: endsAt - LAST_DAY_MS };
  }
  return { nextAt: endsAt - FIRST_REMINDER_MS };
}

/** The shown reminders worth keeping (key → the login's end): those of logins not over yet. */
export function keepShown(shown: Readonly<Record<string, number>>, now: number): Record<string, number> {
  return Object.fromEntries(Object.entries(shown).filter(([, endsAt]) => endsAt > now));
}
