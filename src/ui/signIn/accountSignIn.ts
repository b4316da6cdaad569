// Team and Enterprise sign-in: "Claude: Sign in with SSO / another account…" (an e-mail for the sign-in page, and
// single sign-on when chosen), the e-mail remembered per machine, and what this machine's managed settings pin
// (an organization every sign-in names; a Console-only machine, where this extension's login would be refused).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AuthorizeOptions } from '../../oauth/authorize';
import { SSO_LOGIN_METHOD } from '../../oauth/endpoints';
import { isWsl, managedSettingsDirs, pinsAllowOrganization, readLoginPins, type LoginPins } from '../../credentials/claudeSettings';
import { describeError, type Log } from '../../logging/log';
import { untrusted } from '../../logging/untrustedText';
import { FILE_SIZE_LIMITS, readSmallTextFileSync } from '../../credentials/smallFile';

/** In the extension host's global storage: the e-mail is this machine's, never a setting that syncs. */
const LAST_EMAIL_FILE = 'last-sign-in-email.json';

/** Good enough to catch a typo before the browser opens; the sign-in page has the last word. */
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export class AccountSignIn {
  constructor(
    private readonly storageDir: string,
    private readonly log: Log,
  ) {}

  /** Asks how to sign in and for the e-mail; undefined when the user backs out. */
  async ask(): Promise<AuthorizeOptions | undefined> {
    const sso = { label: vscode.l10n.t('Single sign-on (SSO)'), detail: vscode.l10n.t('Your organization signs you in (Team and Enterprise plans).') };
    const other = { label: vscode.l10n.t('Another account'), detail: vscode.l10n.t('The sign-in page opens with this e-mail address filled in.') };
    const picked = await vscode.window.showQuickPick([sso, other], { title: vscode.l10n.t('Claude: Sign in with SSO / another account'), ignoreFocusOut: true });
    if (!picked) return undefined;
    const email = await vscode.window.showInputBox({
      title: picked.label,
      prompt: vscode.l10n.t('The e-mail address of the Claude account to sign in with'),
      placeHolder: vscode.l10n.t('name@example.com'),
      value: this.lastEmail(),
      ignoreFocusOut: true,
      validateInput: (value) => (EMAIL_PATTERN.test(value.trim()) ? undefined : vscode.l10n.t('Enter an e-mail address, like name@example.com.')),
    });
    if (email === undefined) return undefined;
    this.remember(email.trim());
    return { loginHint: email.trim(), loginMethod: picked === sso ? SSO_LOGIN_METHOD : undefined };
  }

  private get file(): string {
    return path.join(this.storageDir, LAST_EMAIL_FILE);
  }

  private lastEmail(): string | undefined {
    try {
      const parsed: unknown = JSON.parse(readSmallTextFileSync(this.file, FILE_SIZE_LIMITS.ownState) ?? 'null');
      const email = (parsed as { email?: unknown } | null)?.email;
      return typeof email === 'string' ? email : undefined;
    } catch {
      return undefined;
    }
  }

  private remember(email: string): void {
    try {
      fs.mkdirSync(this.storageDir, { recursive: true, mode: 0o700 });
      fs.writeFileSync(this.file, JSON.stringify({ email }), { mode: 0o600 });
    } catch (error) {
      this.log.warn(`Could not remember the sign-in e-mail for next time: ${describeError(error)}`);
    }
  }
}

/** This machine's pins, read fresh for each sign-in (an administrator may have just changed them). */
export function loginPinsHere(): Promise<LoginPins> {
  return readLoginPins(managedSettingsDirs(process.platform, isWsl(process.platform, process.env, os.release())));
}

/**
 * What a sign-in sends under these pins: the organization they name, when they name one (as the CLI, only a single
 * UUID; a list is checked after the sign-in). Undefined, and the user told why, when the machine only accepts a
 * login this extension cannot make.
 */
export function authorizeUnderPins(pins: LoginPins, chosen: AuthorizeOptions = {}, log: Log): AuthorizeOptions | undefined {
  const refusal = pinnedMethodProblem(pins);
  if (refusal) {
    log.warn(`Sign-in not started: forceLoginMethod is "${pins.loginMethod}" in ${pins.file}.`);
    void vscode.window.showErrorMessage(refusal);
    return undefined;
  }
  const organizationUuid = pins.organizations?.single ? pins.organizations.uuids[0] : undefined;
  if (organizationUuid) {
    log.info(`Managed settings (${pins.file}) pin the organization ${organizationUuid}; the sign-in asks for it.`);
  }
  return { ...chosen, organizationUuid };
}

/** Why this machine's pinned login method rules out this extension's login, in the user's words. */
export function pinnedMethodProblem(pins: LoginPins): string | undefined {
  switch (pins.loginMethod) {
    case undefined:
    case 'claudeai':
      return undefined;
    case 'console':
      return vscode.l10n.t(
        'This machine’s managed settings ({0}) allow only Anthropic Console (API billing) logins. This extension signs in claude.ai accounts, which Claude Code here would refuse. Run "claude auth login --console" in a terminal on this machine instead.',
        untrusted(pins.file ?? ''),
      );
    case 'gateway':
      return vscode.l10n.t(
        'This machine’s managed settings ({0}) require signing in through a Cloud gateway. This extension signs in claude.ai accounts, which Claude Code here would refuse. Run "claude" in a terminal on this machine to sign in through the gateway.',
        untrusted(pins.file ?? ''),
      );
  }
}

/** After a sign-in: the warning to show when the pins do not allow the organization it signed in to. */
export function organizationNotAllowed(pins: LoginPins, organizationUuid: string | undefined): string | undefined {
  if (pinsAllowOrganization(pins, organizationUuid)) return undefined;
  return vscode.l10n.t(
    'This sign-in belongs to an organization that this machine’s managed settings ({0}) do not allow, so Claude Code here will refuse it. Sign in again and choose an organization that forceLoginOrgUUID names.',
    untrusted(pins.file ?? ''),
  );
}
