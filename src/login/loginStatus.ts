// What the status bar should say about the login on disk, as a pure function of the file and the clock.
import { loginDeadline } from '../credentials/loginRecord';
import type { ClaudeAiOauth } from '../credentials/schema';
import type { CredentialsProblem, CredentialsReadResult } from '../credentials/read';

/** Warn when the access token is this close to expiry and nothing can refresh it. */
export const ACCESS_WARNING_MS = 30 * 60_000;
/** Warn when the login itself ends within this time. */
export const DEADLINE_WARNING_MS = 3 * 24 * 3_600_000;

export type Health = 'ok' | 'warning' | 'error';

export type LoginStatus =
  | { readonly kind: 'signed_out' }
  /** The file cannot be used (not JSON, not an object, not readable), or its login entry has an unknown form. */
  | { readonly kind: 'unreadable'; readonly problem: CredentialsProblem }
  /** Claude Code blanked the tokens after the server refused them: sign in again. */
  | { readonly kind: 'blanked' }
  | SignedInStatus;

export interface SignedInStatus {
  readonly kind: 'signed_in';
  readonly health: Health;
  readonly login: ClaudeAiOauth;
  readonly accessExpiresAt: number | undefined;
  readonly accessExpired: boolean;
  /** A refresh token is there, so a click (or Claude Code) can renew the access token. */
  readonly canRefresh: boolean;
  readonly deadline?: ReturnType<typeof loginDeadline>;
  readonly deadlinePassed: boolean;
  /** Why the status is not `ok`, for the tooltip. */
  readonly concern?: 'access_expiring' | 'access_expired' | 'deadline_near' | 'deadline_passed';
}

export function loginStatus(read: CredentialsReadResult, now: number, fileWrittenAt: number): LoginStatus {
  if (read.state === 'missing') {
    return { kind: 'signed_out' };
  }
  if (read.state === 'corrupt') {
    return { kind: 'unreadable', problem: read.reason };
  }
  if (read.state === 'unrecognised_login') {
    return { kind: 'unreadable', problem: { kind: 'unrecognised_login', fields: read.fields } };
  }
  const login = read.login;
  if (!login) {
    return { kind: 'signed_out' };
  }
  if (!login.accessToken) {
    return { kind: 'blanked' };
  }
  const accessExpiresAt = typeof login.expiresAt === 'number' && login.expiresAt > 0 ? login.expiresAt : undefined;
  const canRefresh = Boolean(login.refreshToken);
  const accessExpired = accessExpiresAt !== undefined && accessExpiresAt <= now;
  const deadline = loginDeadline(login, fileWrittenAt, now);
  const deadlinePassed = deadline !== undefined && !deadline.estimated && deadline.at <= now;

  let health: Health = 'ok';
  let concern: SignedInStatus['concern'];
  if (deadlinePassed) {
    health = 'error';
    concern = 'deadline_passed';
  } else if (accessExpired && !canRefresh) {
    health = 'error';
    concern = 'access_expired';
  } else if (accessExpired) {
    health = 'warning';
    concern = 'access_expired';
  } else if (!canRefresh && accessExpiresAt !== undefined && accessExpiresAt - now <= ACCESS_WARNING_MS) {
    health = 'warning';
    concern = 'access_expiring';
  } else if (deadline && deadline.at - now <= DEADLINE_WARNING_MS) {
    health = 'warning';
    concern = 'deadline_near';
  }
  return {
    kind: 'signed_in',
    health,
    login,
    accessExpiresAt,
    accessExpired,
    canRefresh,
    deadline,
    deadlinePassed,
    concern,
  };
}

/** How the time left is put into words; the UI passes the display language's (ui/words/time.ts). */
export interface RemainingWords {
  readonly daysHours: (days: number, hours: number) => string;
  readonly hoursMinutes: (hours: number, minutes: number) => string;
  readonly minutes: (minutes: number) => string;
  readonly underAMinute: string;
}

const ENGLISH_UNITS: RemainingWords = {
  daysHours: (days, hours) => `${days}d ${hours}h`,
  hoursMinutes: (hours, minutes) => `${hours}h ${minutes}m`,
  minutes: (minutes) => `${minutes}m`,
  underAMinute: '<1m',
};

/** `3d 4h`, `7h 58m`, `12m`, `<1m`: the time left, as short as a status bar needs. */
export function formatRemaining(ms: number, words: RemainingWords = ENGLISH_UNITS): string {
  if (ms < 60_000) {
    return words.underAMinute;
  }
  const totalMinutes = Math.floor(ms / 60_000);
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  if (days > 0) {
    return words.daysHours(days, hours);
  }
  if (hours > 0) {
    return words.hoursMinutes(hours, minutes);
  }
  return words.minutes(minutes);
}

/** Milliseconds until the displayed minute changes (the next whole minute of the time left). */
export function msUntilNextTick(expiresAt: number, now: number): number {
  const left = expiresAt - now;
  if (left <= 0) {
    return 60_000;
  }
  const intoMinute = left % 60_000;
  return intoMinute === 0 ? 60_000 : intoMinute + 5;
}
