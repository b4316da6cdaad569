// Each diagnosis finding in the user's words, and the report's labels: one compiler-checked switch over the finding
// ids the engine returns (src/engine/diagnosis/findings.ts), so a new finding cannot go unworded.
import * as vscode from 'vscode';
import type { DiagnosisReport, Finding, FindingText, ReportLabels } from '../../engine/diagnosis/diagnose';
import { markdownCode, untrusted } from '../../logging/untrustedText';
import { formatTime } from './time';

/** The notification after a diagnosis: its most likely cause, in one line. */
export function diagnosisSummary(report: DiagnosisReport): string {
  const top = report.findings[0];
  return top && (top.severity === 'error' || top.severity === 'warning')
    ? vscode.l10n.t('Most likely cause: {0}', describeFinding(top, untrusted).title)
    : vscode.l10n.t('No problem found with the Claude sign-in on this machine.');
}

/** The report's headings and names, in the user's language. */
export function reportLabels(): ReportLabels {
  return {
    title: vscode.l10n.t('Claude sign-in diagnosis'),
    generatedAt: vscode.l10n.t('Generated'),
    findingsHeading: vscode.l10n.t('Findings'),
    factsHeading: vscode.l10n.t('This machine'),
    factColumn: vscode.l10n.t('What'),
    valueColumn: vscode.l10n.t('Value'),
    fix: vscode.l10n.t('How to fix'),
    severities: {
      error: vscode.l10n.t('Error'),
      warning: vscode.l10n.t('Warning'),
      info: vscode.l10n.t('Note'),
      ok: vscode.l10n.t('OK'),
    },
    factNames: {
      platform: vscode.l10n.t('Platform'),
      homeDir: vscode.l10n.t('Home directory'),
      uid: vscode.l10n.t('User id'),
      configDir: vscode.l10n.t('Claude config directory'),
      configDirFromEnvironment: vscode.l10n.t('Set by CLAUDE_CONFIG_DIR'),
      credentialsFile: vscode.l10n.t('Credentials file'),
      globalConfigFile: vscode.l10n.t('Global config file'),
      credentialsFileMode: vscode.l10n.t('Credentials file mode'),
      credentialsFileOwnerUid: vscode.l10n.t('Credentials file owner'),
      configDirMode: vscode.l10n.t('Config directory mode'),
      environmentOverride: vscode.l10n.t('Variable used instead of the file'),
      tokenEndpointOrigin: vscode.l10n.t('Token server'),
      proxy: vscode.l10n.t('Proxy'),
      networkEnvironmentVariables: vscode.l10n.t('Network variables set'),
      keychainService: vscode.l10n.t('Keychain service'),
      keychainAccount: vscode.l10n.t('Keychain account'),
    },
    yes: vscode.l10n.t('yes'),
    no: vscode.l10n.t('no'),
    formatTime,
  };
}

const SIGN_IN_FIX = (): string => vscode.l10n.t('Run "Claude: Sign in remotely".');
const NETWORK_FIX = (): string =>
  vscode.l10n.t('Check the network, the proxy (http.proxy, HTTPS_PROXY, NO_PROXY) and extra CA certificates (NODE_EXTRA_CA_CERTS).');

/**
 * Each finding in the user's words: Markdown for the report, with every value not ours shown by `value` (a code span;
 * `untrusted` for a notification).
 */
export function describeFinding(finding: Finding, value: (text: string) => string = markdownCode): FindingText {
  switch (finding.id) {
    case 'env_api_key_in_use':
    case 'env_auth_token_in_use':
    case 'env_oauth_token_in_use':
      return {
        title: vscode.l10n.t('{0} is set: Claude Code uses it and ignores the sign-in', finding.params.variable),
        fix: vscode.l10n.t('Unset {0} in the environment Claude Code starts from (shell profile, devcontainer.json, remote env), or keep it on purpose.', finding.params.variable),
      };
    case 'env_third_party_in_use':
      return {
        title: vscode.l10n.t('{0} is set: Claude Code uses another provider, not the sign-in', finding.params.variable),
        fix: vscode.l10n.t('Unset {0} in the environment Claude Code starts from (shell profile, devcontainer.json, remote env), or keep it on purpose.', finding.params.variable),
      };
    case 'api_key_helper_in_use':
      return {
        title: vscode.l10n.t('{0} sets an apiKeyHelper: Claude Code uses its key and ignores the sign-in', value(finding.params.path)),
        fix: vscode.l10n.t('Remove apiKeyHelper from {0}, or keep it on purpose.', value(finding.params.path)),
      };
    case 'keychain_item_stale':
      return {
        title: vscode.l10n.t('The macOS Keychain item {0} holds an older login than the credentials file', value(finding.params.service)),
        detail: vscode.l10n.t('Claude Code on macOS reads the Keychain item (account {0}) before the file, so it keeps using the older login.', value(finding.params.account)),
        fix: vscode.l10n.t('Choose "Update Keychain Item" to copy the newer login into it.'),
      };
    case 'keychain_overflow_kept':
      return {
        title: vscode.l10n.t('Claude Code keeps part of the Keychain item {0} in its own encrypted overflow items, which this extension cannot safely change', value(finding.params.service)),
        detail:
          finding.params.reason === 'overflow_tied_to_login'
            ? vscode.l10n.t('They hold access Claude Code keeps only for the current login (account {0}); a new login written here would hide it.', value(finding.params.account))
            : vscode.l10n.t('They cannot be read (account {0}).', value(finding.params.account)),
        fix: vscode.l10n.t('Sign-in, refresh and sign-out here leave this Mac’s login alone. Sign in with `claude /login` in a terminal on this Mac.'),
      };
    case 'keychain_item_present':
      return { title: vscode.l10n.t('The login is kept in the macOS Keychain item {0}, where Claude Code reads it', value(finding.params.service)) };
    case 'token_endpoint_unreachable':
      return {
        title: finding.params.proxy
          ? vscode.l10n.t('Cannot reach {0} through the proxy {1} ({2})', value(finding.params.origin), value(finding.params.proxy), value(finding.params.cause))
          : vscode.l10n.t('Cannot reach {0} ({1})', value(finding.params.origin), value(finding.params.cause)),
        fix: NETWORK_FIX(),
      };
    case 'token_endpoint_timeout':
      return {
        title: finding.params.proxy
          ? vscode.l10n.t('{0} did not answer within {1} s through the proxy {2}', value(finding.params.origin), finding.params.seconds, value(finding.params.proxy))
          : vscode.l10n.t('{0} did not answer within {1} s', value(finding.params.origin), finding.params.seconds),
        fix: NETWORK_FIX(),
      };
    case 'credentials_not_readable':
      return { title: vscode.l10n.t('{0} cannot be read ({1})', value(finding.params.path), value(finding.params.code)), fix: vscode.l10n.t('Make the file readable by the user Claude Code runs as.') };
    case 'file_skipped':
      return finding.params.reason === 'too_large'
        ? {
            title: vscode.l10n.t('{0} was not read: it is larger than {1} MB', value(finding.params.path), Math.round(finding.params.limitBytes / 1_048_576)),
            fix: vscode.l10n.t('Claude Code reads this file too. Make it smaller (in .claude.json, old project history), or move it away.'),
          }
        : {
            title: vscode.l10n.t('{0} was not read: it is not a regular file (a device, a pipe or a folder)', finding.params.path),
            fix: vscode.l10n.t('Claude Code reads this file too, and can hang on it. If a repository put it there, remove it.'),
          };
    case 'credentials_owner_mismatch':
      return {
        title: vscode.l10n.t('{0} belongs to user {1}, not to this user ({2})', value(finding.params.path), finding.params.ownerUid, finding.params.uid),
        fix: vscode.l10n.t('Give the file to the user Claude Code runs as (chown), or sign in again as that user.'),
      };
    case 'config_dir_not_writable':
      return { title: vscode.l10n.t('{0} is not writable ({1})', value(finding.params.path), value(finding.params.code)), fix: vscode.l10n.t('Claude Code must be able to rewrite its files here after a refresh.') };
    case 'config_dir_owner_mismatch':
      return {
        title: vscode.l10n.t('{0} belongs to user {1}, not to this user ({2})', value(finding.params.path), finding.params.ownerUid, finding.params.uid),
        fix: vscode.l10n.t('Give the directory to the user Claude Code runs as (chown).'),
      };
    case 'credentials_missing':
      return { title: vscode.l10n.t('Not signed in: {0} does not exist', value(finding.params.path)), fix: SIGN_IN_FIX() };
    case 'login_absent':
      return { title: vscode.l10n.t('{0} holds no Claude login', value(finding.params.path)), fix: SIGN_IN_FIX() };
    case 'credentials_corrupt':
      return {
        title: vscode.l10n.t('{0} is not a valid credentials file ({1})', value(finding.params.path), value(finding.params.fields ?? finding.params.reason)),
        fix: vscode.l10n.t('Sign in again: the unreadable file is kept aside, never silently overwritten.'),
      };
    case 'login_blanked':
      return { title: vscode.l10n.t('Claude Code emptied the login after the server refused it'), fix: SIGN_IN_FIX() };
    case 'login_deadline_passed':
      return { title: vscode.l10n.t('The login ended on {0}', formatTime(finding.params.deadlineAt)), fix: SIGN_IN_FIX() };
    case 'access_token_expired_no_refresh_token':
      return { title: vscode.l10n.t('The long-lived token expired on {0}', formatTime(finding.params.expiredAt)), fix: SIGN_IN_FIX() };
    case 'login_missing_inference_scope':
      return {
        title: vscode.l10n.t('The login lacks the {0} scope Claude Code needs (it has: {1})', finding.params.requiredScope, finding.params.scopes ? value(finding.params.scopes) : '—'),
        fix: SIGN_IN_FIX(),
      };
    case 'login_deadline_estimate_passed':
      return { title: vscode.l10n.t('The login probably ended about {0} (30 days after the last refresh)', formatTime(finding.params.deadlineAt)), fix: SIGN_IN_FIX() };
    case 'clock_skew':
      return {
        title:
          finding.params.direction === 'ahead'
            ? vscode.l10n.t('This machine’s clock is {0} min ahead of {1}', finding.params.skewMinutes, value(finding.params.origin))
            : vscode.l10n.t('This machine’s clock is {0} min behind {1}', finding.params.skewMinutes, value(finding.params.origin)),
        fix: vscode.l10n.t('Tokens look expired (or not yet valid) to a skewed clock. Sync the clock (NTP).'),
      };
    case 'access_token_expired':
      return { title: vscode.l10n.t('The access token expired on {0}; Claude Code or a click on the status bar renews it', formatTime(finding.params.expiredAt)) };
    case 'login_deadline_near':
      return {
        title:
          finding.params.basis === 'server'
            ? vscode.l10n.t('The login ends in {0} h ({1})', finding.params.hoursLeft, formatTime(finding.params.deadlineAt))
            : vscode.l10n.t('The login probably ends in about {0} h ({1}, estimated)', finding.params.hoursLeft, formatTime(finding.params.deadlineAt)),
        fix: SIGN_IN_FIX(),
      };
    case 'onboarding_not_completed':
      return {
        title: vscode.l10n.t('{0} lacks {1}: `claude` will show its first-run screens', value(finding.params.path), finding.params.key),
        fix: vscode.l10n.t('Signing in with this extension sets it.'),
      };
    case 'global_config_corrupt':
      return { title: vscode.l10n.t('{0} is not valid JSON', value(finding.params.path)) };
    case 'global_config_unreadable':
      return { title: vscode.l10n.t('{0} cannot be read ({1})', value(finding.params.path), value(finding.params.code)) };
    case 'credentials_mode_too_open':
      return {
        title: vscode.l10n.t('{0} is readable by other users (mode {1})', value(finding.params.path), finding.params.mode),
        fix: vscode.l10n.t('chmod {0} "{1}"', finding.params.expectedMode, value(finding.params.path)),
      };
    case 'credentials_mode_unusual':
      return { title: vscode.l10n.t('{0} has mode {1} instead of {2}', value(finding.params.path), finding.params.mode, finding.params.expectedMode) };
    case 'config_dir_mode_open':
      return {
        title: vscode.l10n.t('{0} is open to other users (mode {1})', value(finding.params.path), finding.params.mode),
        fix: vscode.l10n.t('chmod {0} "{1}"', finding.params.expectedMode, value(finding.params.path)),
      };
    case 'stale_lock':
      return { title: vscode.l10n.t('A lock left behind: {0} ({1} s old)', value(finding.params.path), finding.params.ageSeconds) };
    case 'keychain_check_failed':
      return { title: vscode.l10n.t('Could not check the Keychain item {0} ({1})', value(finding.params.service), value(finding.params.cause)) };
    case 'env_variable_shadowed':
      return { title: vscode.l10n.t('{0} is set too, but {1} wins', finding.params.variable, finding.params.winner) };
    case 'env_base_url_set':
      return { title: vscode.l10n.t('{0} sends Claude Code’s requests to {1}', finding.params.variable, value(finding.params.origin)) };
    case 'env_base_url_invalid':
      return { title: vscode.l10n.t('{0} is not a valid URL', finding.params.variable) };
    case 'oauth_endpoints_override_ignored':
      return {
        title: vscode.l10n.t('{0} is ignored: it is neither an https:// address nor http:// to this machine', finding.params.variable),
        fix: vscode.l10n.t('Sign-in uses Anthropic’s servers. To use another server, set an https:// address (or http://127.0.0.1:<port> for a local one).'),
      };
    case 'oauth_endpoints_overridden':
      return { title: vscode.l10n.t('{0} points sign-in at {1}', finding.params.variable, value(finding.params.origin)) };
    case 'config_dir_from_env':
      return { title: vscode.l10n.t('{0} is set: Claude Code uses {1}', finding.params.variable, value(finding.params.configDir)) };
    case 'proxy_in_use':
      return { title: vscode.l10n.t('Requests go through the proxy {0}', value(finding.params.proxy)) };
    case 'long_lived_token':
      return { title: vscode.l10n.t('A long-lived, inference-only token, valid until {0}', formatTime(finding.params.expiresAt)) };
    case 'credentials_symlink':
      return { title: vscode.l10n.t('{0} is a link to {1}', value(finding.params.path), value(finding.params.target)) };
    case 'credentials_bind_mount':
      return { title: vscode.l10n.t('{0} is mounted from elsewhere; it is written in place', value(finding.params.path)) };
    case 'lock_held':
      return { title: vscode.l10n.t('{0} is held right now ({1} s old): a write or refresh is in progress', value(finding.params.path), finding.params.ageSeconds) };
    case 'env_no_override':
      return { title: vscode.l10n.t('No environment variable overrides the sign-in') };
    case 'login_ok':
      return {
        title: finding.params.subscriptionType
          ? vscode.l10n.t('Signed in ({0}); the access token is valid until {1}', value(finding.params.subscriptionType), formatTime(finding.params.expiresAt))
          : vscode.l10n.t('Signed in; the access token is valid until {0}', formatTime(finding.params.expiresAt)),
      };
    case 'credentials_permissions_ok':
      return { title: vscode.l10n.t('{0} is private (mode {1})', value(finding.params.path), finding.params.mode) };
    case 'token_endpoint_reachable':
      return {
        title: finding.params.proxy
          ? vscode.l10n.t('{0} answers (HTTP {1}) through the proxy {2}', value(finding.params.origin), finding.params.status, value(finding.params.proxy))
          : vscode.l10n.t('{0} answers (HTTP {1})', value(finding.params.origin), finding.params.status),
      };
    case 'clock_in_sync':
      return { title: vscode.l10n.t('The clock agrees with {0} (within {1} s)', value(finding.params.origin), Math.abs(finding.params.skewSeconds)) };
    case 'onboarding_completed':
      return { title: vscode.l10n.t('{0} marks onboarding complete', value(finding.params.path)) };
  }
}
