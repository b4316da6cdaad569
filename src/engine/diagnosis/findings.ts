// What "Claude: Diagnose sign-in" can find, as ids and technical parameters only. The VS Code layer turns each id
// into a localized sentence, so nothing here is prose: parameters are paths, variable names, modes, error codes,
// counts and epoch-millisecond times (formatted by the reader, in the reader's locale).

export type Severity = 'ok' | 'info' | 'warning' | 'error';

/**
 * Every finding id, in the order a problem is more likely to be the real cause: what decides which login Claude
 * Code uses at all comes first (an environment variable, the macOS Keychain), then whether the server can be
 * reached, whether the files can be read and written, the state of the login, and last what only needs tidying.
 * {@link sortFindings} relies on this order.
 */
export const FINDING_IDS = [
  // Claude Code ignores the credentials file altogether.
  'env_third_party_in_use',
  'env_api_key_in_use',
  'env_auth_token_in_use',
  'env_oauth_token_in_use',
  'api_key_helper_in_use',
  'keychain_item_stale',
  'keychain_overflow_kept',
  // Neither signing in nor refreshing can work.
  'token_endpoint_unreachable',
  'token_endpoint_timeout',
  // The CLI cannot read or rewrite its files.
  'credentials_not_readable',
  'file_skipped',
  'credentials_owner_mismatch',
  'config_dir_not_writable',
  'config_dir_owner_mismatch',
  // The login itself.
  'credentials_missing',
  'login_absent',
  'credentials_corrupt',
  'login_blanked',
  'login_deadline_passed',
  'access_token_expired_no_refresh_token',
  'login_missing_inference_scope',
  'login_deadline_estimate_passed',
  'clock_skew',
  'access_token_expired',
  'login_deadline_near',
  // Claude Code starts, but not as expected.
  'onboarding_not_completed',
  'global_config_corrupt',
  'global_config_unreadable',
  // Safety and housekeeping.
  'credentials_mode_too_open',
  'credentials_mode_unusual',
  'config_dir_mode_open',
  'stale_lock',
  'keychain_check_failed',
  // Context worth knowing.
  'env_variable_shadowed',
  'env_base_url_set',
  'env_base_url_invalid',
  'oauth_endpoints_override_ignored',
  'oauth_endpoints_overridden',
  'config_dir_from_env',
  'proxy_in_use',
  'long_lived_token',
  'credentials_symlink',
  'credentials_bind_mount',
  'keychain_item_present',
  'lock_held',
  // All is well.
  'env_no_override',
  'login_ok',
  'credentials_permissions_ok',
  'token_endpoint_reachable',
  'clock_in_sync',
  'onboarding_completed',
] as const;

export type FindingId = (typeof FINDING_IDS)[number];

/**
 * The parameters of each finding. Times are epoch milliseconds, modes are octal strings like `0644`. A `?` marks a
 * parameter that is only present sometimes (e.g. `proxy` only when a proxy is in use).
 */
export interface FindingParams {
  /** A third-party provider switch (`CLAUDE_CODE_USE_BEDROCK`, …) is on: Claude Code does not use Anthropic's API. */
  env_third_party_in_use: { variable: string };
  /** `ANTHROPIC_API_KEY` is set: Claude Code bills the API key and ignores the sign-in. */
  env_api_key_in_use: { variable: string };
  /** `ANTHROPIC_AUTH_TOKEN` is set: Claude Code sends it and ignores the sign-in. */
  env_auth_token_in_use: { variable: string };
  /** `CLAUDE_CODE_OAUTH_TOKEN` is set: Claude Code uses it (never refreshed) and ignores the sign-in. */
  env_oauth_token_in_use: { variable: string };
  /** A settings file sets `apiKeyHelper`: Claude Code runs it for a key and ignores the sign-in. */
  api_key_helper_in_use: { path: string };
  /** macOS: the login is in this Keychain item, where Claude Code reads it first. */
  keychain_item_present: { service: string; account: string };
  /** macOS: this Keychain item holds an older login than the credentials file, and Claude Code reads the item. */
  keychain_item_stale: { service: string; account: string };
  /**
   * macOS: the item keeps part of its contents in Claude Code's encrypted overflow items in a way this extension cannot
   * safely change (`reason`: `overflow_unreadable` | `overflow_tied_to_login`): it signs in, refreshes and signs out
   * nothing there.
   */
  keychain_overflow_kept: { service: string; account: string; reason: string };
  /** `cause` is a system or undici error code such as `ECONNREFUSED`, `ENOTFOUND`, `CERT_HAS_EXPIRED`. */
  token_endpoint_unreachable: { origin: string; cause: string; proxy?: string };
  token_endpoint_timeout: { origin: string; seconds: number; proxy?: string };
  /** `code` is the error code of the failed read, e.g. `EACCES`. */
  credentials_not_readable: { path: string; code: string };
  /**
   * A file the extension (and Claude Code) reads was left unread: `reason` `not_a_regular_file` (a device such as
   * /dev/zero, a pipe, a folder — a repository can commit a link to one) or `too_large` (over `limitBytes`).
   */
  file_skipped: { path: string; reason: string; limitBytes: number };
  /** The file belongs to another user: Claude Code running as `uid` cannot rewrite it after a refresh. */
  credentials_owner_mismatch: { path: string; ownerUid: number; uid: number };
  config_dir_not_writable: { path: string; code: string };
  config_dir_owner_mismatch: { path: string; ownerUid: number; uid: number };
  /** No credentials file: not signed in on this machine (for this user and config directory). */
  credentials_missing: { path: string };
  /** The file exists but holds no Claude login (signed out, or only other tools' secrets). */
  login_absent: { path: string };
  /**
   * `reason`: `invalid_json` | `not_an_object` | `unexpected_value` (then `fields` lists where, comma separated)
   * | `other`.
   */
  credentials_corrupt: { path: string; reason: string; fields?: string };
  /** Claude Code emptied the tokens after the server refused them (`invalid_grant`): sign in again. */
  login_blanked: { path: string };
  /** The server's login deadline (`refreshTokenExpiresAt`) has passed: sign in again. */
  login_deadline_passed: { deadlineAt: number };
  access_token_expired_no_refresh_token: { expiredAt: number };
  /** `scopes` is space separated; may be empty. */
  login_missing_inference_scope: { scopes: string; requiredScope: string };
  /** No deadline in the file; 30 days after the file was last written (the CLI's assumption) has passed. */
  login_deadline_estimate_passed: { deadlineAt: number };
  /** `direction`: `ahead` when this machine's clock is ahead of the server's, else `behind`. */
  clock_skew: { skewMinutes: number; skewSeconds: number; direction: string; serverTime: number; origin: string };
  /** The access token expired, but a refresh token is there: Claude Code renews it on its next request. */
  access_token_expired: { expiredAt: number };
  /** `basis`: `server` when the file holds the server's deadline, `estimate` for the CLI's 30-day assumption. */
  login_deadline_near: { deadlineAt: number; hoursLeft: number; basis: string };
  /** `~/.claude.json` (or `$CLAUDE_CONFIG_DIR/.claude.json`) lacks `hasCompletedOnboarding: true`. */
  onboarding_not_completed: { path: string; key: string };
  global_config_corrupt: { path: string };
  global_config_unreadable: { path: string; code: string };
  /** Group or others may read the tokens. */
  credentials_mode_too_open: { path: string; mode: string; expectedMode: string };
  /** Not 0600, but not readable by others either (e.g. 0400, 0620). */
  credentials_mode_unusual: { path: string; mode: string; expectedMode: string };
  config_dir_mode_open: { path: string; mode: string; expectedMode: string };
  /** A lock left behind older than the CLI's stale time; the next writer breaks it, unless it is not ours to break. */
  stale_lock: { path: string; ageSeconds: number; staleSeconds: number };
  /** `security` could not tell whether the Keychain item exists; `cause` is an exit code or error code. */
  keychain_check_failed: { service: string; account: string; cause: string };
  /** Set, but a variable earlier in the CLI's order wins. */
  env_variable_shadowed: { variable: string; winner: string };
  /** `origin` only: the rest of the URL may carry secrets. */
  env_base_url_set: { variable: string; origin: string };
  env_base_url_invalid: { variable: string };
  /** The variable is set to something that may not receive tokens (not https, not loopback http): ignored. */
  oauth_endpoints_override_ignored: { variable: string };
  /** The extension signs in at another OAuth server than Anthropic's. */
  oauth_endpoints_overridden: { variable: string; origin: string };
  config_dir_from_env: { variable: string; configDir: string };
  proxy_in_use: { proxy: string };
  /** A `claude setup-token` style login: inference only, no refresh token. */
  long_lived_token: { expiresAt: number };
  credentials_symlink: { path: string; target: string };
  /** The file sits on another file system than its folder: a bind mount. Claude Code then writes it in place. */
  credentials_bind_mount: { path: string };
  /** A lock younger than its stale time: a write or refresh may be in progress. */
  lock_held: { path: string; ageSeconds: number; staleSeconds: number };
  env_no_override: Record<string, never>;
  /** `subscriptionType` only when the file names one. */
  login_ok: { expiresAt: number; subscriptionType?: string };
  credentials_permissions_ok: { path: string; mode: string };
  token_endpoint_reachable: { origin: string; status: number; proxy?: string };
  clock_in_sync: { skewSeconds: number; origin: string };
  onboarding_completed: { path: string };
}

/** One thing the diagnosis found. `params` holds technical values only, never a secret. */
export type Finding = {
  [K in FindingId]: { readonly id: K; readonly severity: Severity; readonly params: FindingParams[K] };
}[FindingId];

/** Builds a finding; the type ties `params` to `id`. */
export function finding<K extends FindingId>(id: K, severity: Severity, params: FindingParams[K]): Finding {
  return { id, severity, params } as Finding;
}

/** Facts about this machine the report shows as a table, whatever was found. */
export interface DiagnosisFacts {
  platform: string;
  homeDir: string;
  /** The extension host's user id (absent on Windows or when unknown). */
  uid?: number;
  configDir: string;
  configDirFromEnvironment: boolean;
  credentialsFile: string;
  globalConfigFile: string;
  credentialsFileMode?: string;
  credentialsFileOwnerUid?: number;
  configDirMode?: string;
  /** The environment variable Claude Code uses instead of the credentials file, if any. */
  environmentOverride?: string;
  tokenEndpointOrigin: string;
  proxy?: string;
  /** Names only, comma separated: the proxy and CA variables Claude Code honours (`HTTPS_PROXY`, `NO_PROXY`, …). */
  networkEnvironmentVariables?: string;
  keychainService?: string;
  keychainAccount?: string;
}

/** Every fact name, in table order, so the UI can label each one (and a test can check it does). */
export const FACT_NAMES = [
  'platform',
  'homeDir',
  'uid',
  'configDir',
  'configDirFromEnvironment',
  'credentialsFile',
  'globalConfigFile',
  'credentialsFileMode',
  'credentialsFileOwnerUid',
  'configDirMode',
  'environmentOverride',
  'tokenEndpointOrigin',
  'proxy',
  'networkEnvironmentVariables',
  'keychainService',
  'keychainAccount',
] as const satisfies readonly (keyof DiagnosisFacts)[];

export type FactName = (typeof FACT_NAMES)[number];

export interface DiagnosisReport {
  /** Most likely real cause first: problems in {@link FINDING_IDS} order, then context, then what is fine. */
  readonly findings: Finding[];
  readonly generatedAt: number;
  readonly facts: DiagnosisFacts;
}

const SEVERITY_GROUP: Readonly<Record<Severity, number>> = { error: 0, warning: 0, info: 1, ok: 2 };

/**
 * Problems (errors and warnings) first, in {@link FINDING_IDS} order — which encodes cause, not just severity:
 * `CLAUDE_CODE_OAUTH_TOKEN` being set outranks a 0644 file, because it is why a fresh sign-in changes nothing.
 * Then context (info), then what is fine. Stable for findings with the same id.
 */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const rank = (f: Finding) => SEVERITY_GROUP[f.severity] * FINDING_IDS.length + FINDING_IDS.indexOf(f.id);
  return [...findings].sort((a, b) => rank(a) - rank(b));
}

/** `0644`. */
export function formatMode(mode: number): string {
  return `0${(mode & 0o777).toString(8).padStart(3, '0')}`;
}
