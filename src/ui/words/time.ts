// Dates and durations as the user reads them, in the language our strings are in (Simplified Chinese, else English).
// Spelled out here, in the patterns Intl prints for those two languages (test/unit/formatTime.test.ts compares),
// rather than with toLocaleString: the first Intl call in an extension host maps about 5 MB of ICU data from the
// Node binary, which was most of the extension host's growth after a first sign-in (test/bench).
import * as vscode from 'vscode';
import type { RemainingWords } from '../../login/loginStatus';

export function formatTime(epochMs: number): string {
  return formatTimeIn(vscode.env.language, epochMs);
}

/** A day, not a moment: for what lasts weeks (the login's end, a container token's). */
export function formatDate(epochMs: number): string {
  return formatDateIn(vscode.env.language, epochMs);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Dec 21, 2026, 9:38 AM`, or `2026年12月21日 09:38` for zh-cn; local time. */
export function formatTimeIn(language: string, epochMs: number): string {
  const date = new Date(epochMs);
  const minutes = String(date.getMinutes()).padStart(2, '0');
  if (isSimplifiedChinese(language)) {
    return `${formatDateIn(language, epochMs)} ${String(date.getHours()).padStart(2, '0')}:${minutes}`;
  }
  const hours = date.getHours() % 12 || 12;
  return `${formatDateIn(language, epochMs)}, ${hours}:${minutes} ${date.getHours() < 12 ? 'AM' : 'PM'}`;
}

/** `Dec 21, 2026`, or `2026年12月21日` for zh-cn. */
export function formatDateIn(language: string, epochMs: number): string {
  const date = new Date(epochMs);
  return isSimplifiedChinese(language)
    ? `${date.getFullYear()}年${date.getMonth() + 1}月${date.getDate()}日`
    : `${MONTHS[date.getMonth()]} ${date.getDate()}, ${date.getFullYear()}`;
}

function isSimplifiedChinese(language: string): boolean {
  return /^zh-(cn|hans)/i.test(language);
}

/** The status bar's time left: `7h 58m` in English, `7小时58分` in Chinese. */
export function remainingWords(): RemainingWords {
  return {
    daysHours: (days, hours) => vscode.l10n.t({ message: '{0}d {1}h', args: [days, hours], comment: 'Time left in the status bar: days, then hours. As short as possible.' }),
    hoursMinutes: (hours, minutes) => vscode.l10n.t({ message: '{0}h {1}m', args: [hours, minutes], comment: 'Time left in the status bar: hours, then minutes. As short as possible.' }),
    minutes: (minutes) => vscode.l10n.t({ message: '{0}m', args: [minutes], comment: 'Time left in the status bar: minutes. As short as possible.' }),
    underAMinute: vscode.l10n.t({ message: '<1m', comment: 'Time left in the status bar: less than a minute. As short as possible.' }),
  };
}
