// The login's states and problems in the user's words: each typed reason (a relative CLAUDE_CONFIG_DIR, what wins
// over the sign-in, an unreadable credentials file, what a write kept aside) worded here and nowhere else.
import * as vscode from 'vscode';
import { untrusted } from '../../logging/untrustedText';
import type { CredentialsProblem } from '../../credentials/read';
import type { KeptAside } from '../../credentials/credentialStore';
import type { CredentialOverride } from '../../credentials/whichCredential';
import { LOGIN_END_UNCERTAINTY_MS } from '../../credentials/loginRecord';

/**
 * The login's end as `claude auth status --text` says it (2.1.332): a range of UTC dates from three days before
 * `refreshTokenExpiresAt` to it, "any day now" inside a day of the first, "may have ended" once past.
 */
export function describeLoginEnd(endsAt: number, now: number): string {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const earliest = endsAt - LOGIN_END_UNCERTAINTY_MS;
  if (now >= endsAt) return vscode.l10n.t('Sign-in may have ended: between {0} and {1}.', day(earliest), day(endsAt));
  if (Math.floor(earliest / 86_400_000) - Math.floor(now / 86_400_000) < 1) return vscode.l10n.t('Sign-in ends: any day now, by {0}.', day(endsAt));
  return vscode.l10n.t('Sign-in ends: between {0} and {1}.', day(earliest), day(endsAt));
}

/** Why a refresh cannot help any more: the login reached its time limit, or its refresh token was used or revoked. */
export function describeEndedLogin(ended: 'time_limit' | undefined): string {
  return ended === 'time_limit'
    ? vscode.l10n.t('Your Claude sign-in on this machine has reached its time limit: a sign-in lasts a fixed time, however often it is refreshed. Sign in again to keep using Claude Code here.')
    : vscode.l10n.t('The Claude server no longer accepts this login (its refresh token was used or revoked). Sign in again to keep using Claude Code here.');
}

/**
 * Claude Code's words for an account on hold (2.1.332), with the page the server named (or claude.ai's) and the
 * reference number it carries. Signing in again would not help, so this offers no sign-in.
 */
export function describeAccountOnHold(appealUrl: string): string {
  const reference = /[?&]ref=(TS-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:&|$)/.exec(appealUrl)?.[1];
  const sentence = vscode.l10n.t('Your account is on hold and can\'t use Claude Code. View details or appeal: {0}', appealUrl);
  return reference ? vscode.l10n.t({ message: '{0} (Reference: {1})', args: [sentence, reference], comment: 'A sentence, then the reference number of the account hold.' }) : sentence;
}

/** Why a relative `CLAUDE_CONFIG_DIR` stops everything, and what to do. */
export function relativeConfigDirMessage(value: string): string {
  return vscode.l10n.t(
    'CLAUDE_CONFIG_DIR is "{0}", a relative path: Claude Code looks for it inside whatever folder it is started from, so there is no one place to sign in. Set it to an absolute path (for example /home/you/.claude).',
    untrusted(value),
  );
}

/** Why the status bar cannot show the login: the credentials file (or its login entry) cannot be used. */
export function describeUnreadable(problem: CredentialsProblem): string {
  switch (problem.kind) {
    case 'not_json':
      return vscode.l10n.t('The credentials file is not valid JSON.');
    case 'not_object':
      return vscode.l10n.t('The credentials file is not a JSON object.');
    case 'not_readable':
      return vscode.l10n.t('The credentials file cannot be read ({0}).', problem.code);
    case 'unrecognised_login':
      return vscode.l10n.t(
        'The login entry in the credentials file has a form this extension does not recognise (at {0}); its other entries are fine.',
        problem.fields.join(', '),
      );
  }
}

/** What a write replaced because it could not use it, and where the old bytes are. Also for a container's write. */
export function describeKeptAside(credentialsFile: string, keptAside: KeptAside): string {
  switch (keptAside.problem.kind) {
    case 'not_json':
      return vscode.l10n.t('The old credentials file was not valid JSON. It was kept at {0}; a new one was written.', untrusted(keptAside.path));
    case 'not_object':
      return vscode.l10n.t('The old credentials file was not a JSON object. It was kept at {0}; a new one was written.', untrusted(keptAside.path));
    case 'unrecognised_login':
      return vscode.l10n.t(
        'The login entry in {0} had a form this extension does not recognise; it was kept at {1} and replaced. Other entries were kept.',
        untrusted(credentialsFile),
        untrusted(keptAside.path),
      );
  }
}

/** After a sign-out that removed a login entry of an unknown form: where its copy is. */
export function describeKeptAsideOnSignOut(credentialsFile: string, keptAside: KeptAside): string {
  return vscode.l10n.t('The login entry in {0} had a form this extension does not recognise; a copy was kept at {1} before it was removed.', untrusted(credentialsFile), untrusted(keptAside.path));
}

/** What wins over the sign-in, and how to change it, in one sentence. Names only: never a value. */
export function describeCredentialInUse(inUse: CredentialOverride): string {
  switch (inUse.kind) {
    case 'third_party':
      return vscode.l10n.t('Claude Code here uses another provider ({0} is set), not this sign-in. Unset {0} to use your Claude subscription.', inUse.variable);
    case 'api_key':
      return inUse.approved
        ? vscode.l10n.t('Claude Code here uses {0} (API billing), not this sign-in. Unset {0} to use your Claude subscription.', inUse.variable)
        : vscode.l10n.t('{0} is set: "claude -p" uses it instead of this sign-in, and "claude" asks whether to. Unset {0} to use your Claude subscription.', inUse.variable);
    case 'auth_token':
      return vscode.l10n.t('Claude Code here uses {0}, not this sign-in. Unset {0} to use your Claude subscription.', inUse.variable);
    case 'api_key_helper':
      return vscode.l10n.t('Claude Code here gets its key from the apiKeyHelper in {0}, not from this sign-in. Remove it there to use your Claude subscription.', inUse.settingsFile);
    case 'oauth_token':
      return vscode.l10n.t('Claude Code here uses {0}, not this sign-in, and never refreshes it. Unset {0} to use the sign-in this extension keeps fresh.', inUse.variable);
  }
}
