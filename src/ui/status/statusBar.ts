// The status bar item: the login's time left, its health in VS Code's warning/error colours, and a click that
// makes things better (refresh, or sign in when refresh cannot help). One pure render per kind of status; the item
// only shows what they return.
import * as vscode from 'vscode';
import { markdownText } from '../../logging/untrustedText';
import { COMMANDS, STATUS_BAR_ITEMS } from '../commands';
import type { OAuthEndpoints } from '../../oauth/endpoints';
import type { ClaudeLocation } from '../../credentials/location';
import { isLongLivedLogin } from '../../credentials/loginRecord';
import { describeCredentialInUse, describeLoginEnd, describeUnreadable, relativeConfigDirMessage } from '../words/loginStates';
import { formatDate, formatTime, remainingWords } from '../words/time';
import type { AccountSummary } from '../../login/loginMonitor';
import { formatRemaining, type LoginStatus, type SignedInStatus } from '../../login/loginStatus';
import { planOf } from '../../login/subscription';
import type { CredentialInUse } from '../../credentials/whichCredential';
import type { LoginRefresher } from './autoRefresh';
import type { LoginModel } from './loginModel';

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

export class LoginStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;

  constructor(
    private readonly location: ClaudeLocation,
    private readonly endpoints: OAuthEndpoints,
  ) {
    this.item = vscode.window.createStatusBarItem(STATUS_BAR_ITEMS.status, vscode.StatusBarAlignment.Right, 100);
    this.item.name = vscode.l10n.t('Claude sign-in');
    this.item.command = COMMANDS.statusBarClick;
  }

  show(view: StatusView): void {
    const { text, health, tooltip } = renderStatus(view, this.location, this.endpoints);
    this.item.text = text;
    this.item.backgroundColor =
      health === 'error'
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : health === 'warning'
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
    // Every line is plain text, values and all: escaped whole, it renders as written (a `~` in a path strikes nothing).
    const markdown = new vscode.MarkdownString(tooltip.map(markdownText).join('  \n'));
    markdown.isTrusted = false;
    markdown.supportHtml = false;
    this.item.tooltip = markdown;
    this.item.accessibilityInformation = { label: text.replace(/\$\([^)]*\)\s*/g, '') };
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}

type Health = 'ok' | 'warning' | 'error';

/** What the item shows: its text, its colour, and the tooltip's lines (the last one says what a click does). */
export interface RenderedStatus {
  readonly text: string;
  readonly health: Health;
  readonly tooltip: readonly string[];
}

/** The part that depends on the kind of status: text, colour, what to say, and what a click does. */
interface KindRender {
  readonly text: string;
  readonly health: Health;
  readonly lines: readonly string[];
  readonly click: string;
}

export function renderStatus(view: StatusView, location: ClaudeLocation, endpoints: OAuthEndpoints): RenderedStatus {
  const { status } = view;
  const byKind =
    view.relativeConfigDir !== undefined
      ? renderRelativeConfigDir(view.relativeConfigDir)
      : status.kind === 'signed_out'
        ? renderSignedOut()
        : status.kind === 'unreadable'
          ? renderUnreadable(status)
          : status.kind === 'blanked' || view.refreshRefused
            ? renderSignInAgain()
            : renderSignedIn(status, view);
  let { text, health, lines } = byKind;

  const inUse = view.credentialInUse;
  if (inUse && inUse.kind !== 'login' && view.relativeConfigDir === undefined) {
    // Whatever the login's state, the user must know that `claude` here does not use it.
    if (health === 'ok') health = 'warning';
    text = text.replace(/^\$\([^)]*\)/, '$(warning)');
    lines = [describeCredentialInUse(inUse), vscode.l10n.t('(Read from the environment of the VS Code server; a terminal whose shell profile sets other variables may differ.)'), '', ...lines];
  }
  const tooltip = [...lines, vscode.l10n.t('Credentials: {0}', location.credentialsFile)];
  if (endpoints.overridden) {
    tooltip.push(vscode.l10n.t('Sign-in tokens go to {0}, not to Anthropic (set by CLAUDE_REMOTE_SIGNIN_OAUTH_URL).', new URL(endpoints.tokenUrl).origin));
  }
  tooltip.push('', byKind.click);
  return { text, health, tooltip };
}

function renderRelativeConfigDir(value: string): KindRender {
  return {
    text: `$(error) ${vscode.l10n.t({ message: 'Claude: Check CLAUDE_CONFIG_DIR', comment: 'Status bar text. CLAUDE_CONFIG_DIR is an environment variable: do not translate it.' })}`,
    health: 'error',
    lines: [relativeConfigDirMessage(value)],
    click: vscode.l10n.t('Nothing is read or written until it is fixed.'),
  };
}

/** Signed out, or the file cannot be used: either way a click signs in. */
function signInText(): string {
  return vscode.l10n.t({
    message: 'Claude: Sign in',
    comment: 'Status bar text: Claude Code is not signed in here (or its file cannot be read); a click signs in. Keep it short.',
  });
}

function renderSignedOut(): KindRender {
  return {
    text: `$(sign-in) ${signInText()}`,
    health: 'ok',
    lines: [vscode.l10n.t('Claude Code is not signed in on this machine.')],
    click: vscode.l10n.t('Click to sign in through your local browser.'),
  };
}

function renderUnreadable(status: Extract<LoginStatus, { kind: 'unreadable' }>): KindRender {
  return {
    text: `$(error) ${signInText()}`,
    health: 'error',
    lines: [describeUnreadable(status.problem)],
    click:
      status.problem.kind === 'unrecognised_login'
        ? vscode.l10n.t('Click to sign in again; the current login entry will be kept aside and replaced, every other entry kept.')
        : vscode.l10n.t('Click to sign in again; the unreadable file will be kept aside.'),
  };
}

/** Claude Code blanked the login, or the server refused its refresh token: only a new sign-in helps. */
function renderSignInAgain(): KindRender {
  return {
    text: `$(error) ${vscode.l10n.t({ message: 'Claude: Sign in again', comment: 'Status bar text: the server no longer accepts the login; a click signs in again. Keep it short.' })}`,
    health: 'error',
    lines: [vscode.l10n.t('The Claude server no longer accepts this login.')],
    click: vscode.l10n.t('Click to sign in again.'),
  };
}

function renderSignedIn(status: SignedInStatus, view: StatusView): KindRender {
  const { now } = view;
  const health = status.health;
  const icon = view.refreshing ? '$(sync~spin)' : health === 'ok' ? '$(pass)' : health === 'warning' ? '$(warning)' : '$(error)';
  const left =
    status.accessExpiresAt === undefined
      ? vscode.l10n.t({ message: 'signed in', comment: 'Status bar text after Claude: a login with no expiry time.' })
      : status.accessExpired
        ? vscode.l10n.t({ message: 'expired', comment: 'Status bar text after Claude: the access token has expired.' })
        : formatRemaining(status.accessExpiresAt - now, remainingWords());
  const lines: string[] = [];
  const login = status.login;
  if (view.account?.email) {
    lines.push(vscode.l10n.t('Account: {0}', view.account.email));
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
        : describeLoginEnd(status.deadline.at, now),
    );
  } else if (containerToken) {
    lines.push(vscode.l10n.t('Long-lived token for containers (inference only): it needs no refresh; a new sign-in replaces it.'));
  } else if (!status.canRefresh) {
    lines.push(vscode.l10n.t('This login has no refresh token: when the access token expires, sign in again.'));
  }
  if (view.lastRefreshProblem) {
    lines.push(vscode.l10n.t('Last refresh failed: {0}', view.lastRefreshProblem));
  }
  const click =
    status.canRefresh && !status.deadlinePassed
      ? vscode.l10n.t('Click to refresh now.')
      : containerToken && !status.accessExpired
        ? vscode.l10n.t('Click to keep it or sign this machine in fully.')
        : vscode.l10n.t('Click to sign in again.');
  const text = vscode.l10n.t({
    message: 'Claude {0}',
    args: [left],
    comment: 'Status bar text: the placeholder is the time left (7h 58m), or the words for signed in or expired.',
  });
  return { text: `${icon} ${text}`, health, lines, click };
}


/** Shows the model's state, and the refresher's beside it, whenever the model changes (the refresher recomputes it). */
export function showLoginOnStatusBar(bar: LoginStatusBar, model: LoginModel, refresher: LoginRefresher): vscode.Disposable {
  return model.onDidChange(({ state }) =>
    bar.show({
      status: state.status,
      relativeConfigDir: model.location.configDirIsRelative ? model.location.configDir : undefined,
      credentialInUse: state.credentialInUse,
      account: state.snapshot.account,
      ...refresher.view,
      now: state.at,
    }),
  );
}
