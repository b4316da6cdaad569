// The one owner of Claude Code's global config (`~/.claude.json`, or `$CLAUDE_CONFIG_DIR/.claude.json`; see
// location.ts): its format, how it is read (a file caught mid-rewrite is read again) and what we take from it.
// That file holds the user's projects, settings and history: nobody else in the extension parses it, and the one
// write we make (credentials/onboarding.ts) merges two keys through here and never replaces it wholesale.
import { readWhole } from './fileSystem';
import { FILE_SIZE_LIMITS, FileSkippedError, type SkippedFile } from './smallFile';

/** The key that lets `claude` skip its first-run screens (theme, security notes). */
export const ONBOARDING_KEY = 'hasCompletedOnboarding';

/** The global config: a JSON object of which we read a few keys and write two. Every other key is kept. */
export type GlobalConfig = Record<string, unknown> & { hasCompletedOnboarding?: boolean; oauthAccount?: unknown };

/**
 * What the CLI stores under `oauthAccount` in the global config. 2.1.112 writes, after a login, exactly
 * `{accountUuid, emailAddress, organizationUuid, hasExtraUsageEnabled, billingType, accountCreatedAt,
 * subscriptionCreatedAt}` plus `displayName` when the profile has one (from `account.uuid/email/display_name/
 * created_at` and `organization.uuid/has_extra_usage_enabled/billing_type/subscription_created_at`); the roles
 * call later adds `organizationRole`, `workspaceRole`, `organizationName`.
 */
export interface OAuthAccount {
  accountUuid: string;
  emailAddress: string;
  organizationUuid?: string;
  displayName?: string;
  hasExtraUsageEnabled?: boolean;
  billingType?: string;
  accountCreatedAt?: string;
  subscriptionCreatedAt?: string;
  organizationName?: string;
  organizationRole?: string;
  workspaceRole?: string;
}

export type GlobalConfigRead =
  | { readonly state: 'missing' }
  /**
   * Exists but cannot be read; `code` is the system error code. `skipped`: it was not read at all, being no regular
   * file or over {@link FILE_SIZE_LIMITS}.globalConfig (then `code` is EFTYPE or EFBIG).
   */
  | { readonly state: 'unreadable'; readonly code: string; readonly skipped?: SkippedFile }
  /** Not a JSON object (after re-reading a file caught mid-rewrite). `bytes` are what was read. */
  | { readonly state: 'corrupt'; readonly bytes: Buffer }
  | { readonly state: 'ok'; readonly config: GlobalConfig };

export async function readGlobalConfig(file: string): Promise<GlobalConfigRead> {
  let read;
  try {
    read = await readWhole(file, parseGlobalConfig, (config) => config !== undefined, FILE_SIZE_LIMITS.globalConfig);
  } catch (err) {
    if (err instanceof FileSkippedError) return { state: 'unreadable', code: err.code, skipped: { reason: err.reason, limitBytes: err.limitBytes } };
    return { state: 'unreadable', code: (err as NodeJS.ErrnoException).code ?? 'UNKNOWN' };
  }
  if (read === undefined) return { state: 'missing' };
  return read.parsed === undefined ? { state: 'corrupt', bytes: read.bytes } : { state: 'ok', config: read.parsed };
}

/** `claude /logout` removes the login and sets `hasCompletedOnboarding: false` (both pinned CLIs); nothing else does. */
export async function signedOutByClaude(file: string): Promise<boolean> {
  const global = await readGlobalConfig(file);
  return global.state === 'ok' && global.config.hasCompletedOnboarding === false;
}

/** `undefined` when the text is not a JSON object. */
export function parseGlobalConfig(text: string): GlobalConfig | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as GlobalConfig;
  } catch {
    // Not JSON: the caller calls the file corrupt.
  }
  return undefined;
}

/** As the CLI writes it: `JSON.stringify(config, null, 2)`, no trailing newline. */
export function serializeGlobalConfig(config: Readonly<GlobalConfig>): string {
  return JSON.stringify(config, null, 2);
}

/** The config with onboarding marked complete; every other key keeps its value and place. */
export function withOnboardingComplete(config: Readonly<GlobalConfig>, account?: OAuthAccount): GlobalConfig {
  const next: GlobalConfig = { ...config, [ONBOARDING_KEY]: true };
  if (account) {
    next.oauthAccount = Object.fromEntries(Object.entries(account).filter(([, value]) => value !== undefined));
  }
  return next;
}

export function hasCompletedOnboarding(config: Readonly<GlobalConfig>): boolean {
  return config[ONBOARDING_KEY] === true;
}

/** Who is signed in, as the CLI recorded it (`oauthAccount`). */
export interface AccountSummary {
  readonly email?: string;
  readonly organizationName?: string;
}

export function accountSummary(config: Readonly<GlobalConfig>): AccountSummary | undefined {
  const account = config.oauthAccount;
  if (!account || typeof account !== 'object' || Array.isArray(account)) return undefined;
  const text = (key: string): string | undefined => {
    const value = (account as Record<string, unknown>)[key];
    return typeof value === 'string' ? value : undefined;
  };
  return { email: text('emailAddress'), organizationName: text('organizationName') };
}

/** `customApiKeyResponses.approved`: the last 20 characters of each API key the user told `claude` to use. */
export function approvedApiKeySuffixes(config: Readonly<GlobalConfig>): string[] {
  const responses = config.customApiKeyResponses;
  const approved = responses && typeof responses === 'object' ? (responses as Record<string, unknown>).approved : undefined;
  return Array.isArray(approved) ? approved.filter((entry): entry is string => typeof entry === 'string') : [];
}
