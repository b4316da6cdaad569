// The status bar item: the login's time left, its health in VS Code's warning/error colours, and a click that
// makes things better (refresh, or sign in when refresh cannot help).
import * as vscode from 'vscode';
import type { OAuthEndpoints } from '../oauth/endpoints';
import type { ClaudeLocation } from '../credentials/location';
import { isLongLivedLogin } from '../credentials/loginRecord';
import { formatDate, formatTime, remainingWords } from '../ui/formatTime';
import type { AccountSummary } from './loginMonitor';
import { formatRemaining, type LoginStatus } from './loginStatus';
import { planOf } from './plan';
import type { CredentialInUse, CredentialOverride } from '../credentials/whichCredential';
import { markdownText, untrusted } from '../ui/untrustedText';

export const STATUS_BAR_ID = 'claudeRemoteSignIn.status';
export const CLICK_COMMAND = 'claudeRemoteSignIn.statusBarClick';

export interface StatusView {
  readonly status: LoginStatus;
  readonly account?: AccountSummary;
  /** The server refused this login's refresh token: only a new sign-in helps. */
  readonly refreshRefused: boolean;
  readonly refreshing: boolean;
  /** The last refresh failed for a passing reason (network, 429, 5xx): one line naming it. */
  readonly lastRefreshProblem?: string;
  /** What Claude Code here uses instead of the login, if anything (see credentials/whichCredential.ts). */
  readonly credentialInUse?: CredentialInUse;
  /** `CLAUDE_CONFIG_DIR`'s value when it is relative: nothing can be read or written. */
  readonly relativeConfigDir?: string;
  readonly now: number;
}

/** Why a relative `CLAUDE_CONFIG_DIR` stops everything, and what to do. */
export function relativeConfigDirMessage(value: string): string {
  return vscode.l10n.t(
    'CLAUDE_CONFIG_DIR is "{0}", a relative path: Claude Code looks for it inside whatever folder it is started from, so there is no one place to sign in. Set it to an absolute path (for example /home/you/.claude).',
    untrusted(value),
  );
}

export class LoginStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;

  constructor(
    private readonly location: ClaudeLocation,
    private readonly endpoints: OAuthEndpoints,
  ) {
    this.item = vscode.window.createStatusBarItem(STATUS_BAR_ID, vscode.StatusBarAlignment.Right, 100);
    this.item.name = vscode.l10n.t('Claude sign-in');
    this.item.command = CLICK_COMMAND;
  }

  show(view: StatusView): void {
    const { text, health, tooltip } = this.render(view);
    this.item.text = text;
    this.item.backgroundColor =
      health === 'error'
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : health === 'warning'
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: text.replace(/\$\([^)]*\)\s*/g, '') };
    this.item.show();
  }

  private render(view: StatusView): { text: string; health: 'ok' | 'warning' | 'error'; tooltip: vscode.MarkdownString } {
    const { status, now } = view;
    const lines: string[] = [];
    let text: string;
    let health: 'ok' | 'warning' | 'error' = 'ok';
    let click: string;

    if (view.relativeConfigDir !== undefined) {
      text = `$(error) ${vscode.l10n.t('Claude: Check CLAUDE_CONFIG_DIR')}`;
      health = 'error';
      lines.push(relativeConfigDirMessage(view.relativeConfigDir));
      click = vscode.l10n.t('Nothing is read or written until it is fixed.');
    } else if (status.kind === 'signed_out') {
      text = `$(sign-in) ${vscode.l10n.t('Claude: Sign in')}`;
      lines.push(vscode.l10n.t('Claude Code is not signed in on this machine.'));
      click = vscode.l10n.t('Click to sign in through your local browser.');
    } else if (status.kind === 'unreadable') {
      text = `$(error) ${vscode.l10n.t('Claude: Sign in')}`;
      health = 'error';
      click = vscode.l10n.t('Click to sign in again; the unreadable file will be kept aside.');
      switch (status.problem.kind) {
        case 'not_json':
          lines.push(vscode.l10n.t('The credentials file is not valid JSON.'));
          break;
        case 'not_object':
          lines.push(vscode.l10n.t('The credentials file is not a JSON object.'));
          break;
        case 'not_readable':
          lines.push(vscode.l10n.t('The credentials file cannot be read ({0}).', status.problem.code));
          break;
        case 'unrecognised_login':
          lines.push(
            vscode.l10n.t(
              'The login entry in the credentials file has a form this extension does not recognise (at {0}); its other entries are fine.',
              status.problem.fields.join(', '),
            ),
          );
          click = vscode.l10n.t('Click to sign in again; the current login entry will be kept aside and replaced, every other entry kept.');
          break;
      }
    } else if (status.kind === 'blanked' || view.refreshRefused) {
      text = `$(error) ${vscode.l10n.t('Claude: Sign in again')}`;
      health = 'error';
      lines.push(vscode.l10n.t('The Claude server no longer accepts this login.'));
      click = vscode.l10n.t('Click to sign in again.');
    } else {
      health = status.health;
      const icon = view.refreshing ? '$(sync~spin)' : health === 'ok' ? '$(pass)' : health === 'warning' ? '$(warning)' : '$(error)';
      const left =
        status.accessExpiresAt === undefined
          ? vscode.l10n.t('signed in')
          : status.accessExpired
            ? vscode.l10n.t('expired')
            : formatRemaining(status.accessExpiresAt - now, remainingWords());
      text = `${icon} ${vscode.l10n.t('Claude {0}', left)}`;
      const login = status.login;
      const account = view.account;
      if (account?.email) {
        lines.push(vscode.l10n.t('Account: {0}', account.email));
      }
      const plan = planOf(login.subscriptionType, login.rateLimitTier);
      if (plan) {
        lines.push(vscode.l10n.t('Plan: {0}', plan.usage ? vscode.l10n.t('{0} ({1})', plan.name, plan.usage) : plan.name));
      }
      if (status.accessExpiresAt !== undefined) {
        lines.push(
          status.accessExpired
            ? vscode.l10n.t('Access token expired at {0}.', formatTime(status.accessExpiresAt))
            : vscode.l10n.t('Access token expires at {0}.', formatTime(status.accessExpiresAt)),
        );
      }
      const containerToken = isLongLivedLogin(login);
      if (status.deadline) {
        // The refresh token's end: the day a new sign-in is needed, however often the access token is renewed.
        lines.push(
          status.deadline.estimated
            ? vscode.l10n.t('Sign-in lasts until about {0}.', formatDate(status.deadline.at))
            : vscode.l10n.t('Sign-in lasts until {0}.', formatTime(status.deadline.at)),
        );
      } else if (containerToken) {
        lines.push(vscode.l10n.t('Long-lived token for containers (inference only): it needs no refresh; a new sign-in replaces it.'));
      } else if (!status.canRefresh) {
        lines.push(vscode.l10n.t('This login has no refresh token: when the access token expires, sign in again.'));
      }
      if (view.lastRefreshProblem) {
        lines.push(vscode.l10n.t('Last refresh failed: {0}', view.lastRefreshProblem));
      }
      click = status.canRefresh && !status.deadlinePassed
        ? vscode.l10n.t('Click to refresh now.')
        : containerToken && !status.accessExpired
          ? vscode.l10n.t('Click to keep it or sign this machine in fully.')
          : vscode.l10n.t('Click to sign in again.');
    }

    const inUse = view.credentialInUse;
    if (inUse && inUse.kind !== 'login' && view.relativeConfigDir === undefined) {
      // Whatever the login's state, the user must know that `claude` here does not use it.
      if (health === 'ok') health = 'warning';
      text = text.replace(/^\$\([^)]*\)/, '$(warning)');
      lines.unshift(describeCredentialInUse(inUse), vscode.l10n.t('(Read from the environment of the VS Code server; a terminal whose shell profile sets other variables may differ.)'), '');
    }
    lines.push(vscode.l10n.t('Credentials: {0}', this.location.credentialsFile));
    if (this.endpoints.overridden) {
      lines.push(vscode.l10n.t('Sign-in tokens go to {0}, not to Anthropic (set by CLAUDE_REMOTE_SIGNIN_OAUTH_URL).', new URL(this.endpoints.tokenUrl).origin));
    }
    lines.push('', click);
    // Every line is plain text, values and all: escaped whole, it renders as written (a `~` in a path strikes nothing).
    const tooltip = new vscode.MarkdownString(lines.map(markdownText).join('  \n'));
    tooltip.isTrusted = false;
    tooltip.supportHtml = false;
    return { text, health, tooltip };
  }

  dispose(): void {
    this.item.dispose();
  }
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
