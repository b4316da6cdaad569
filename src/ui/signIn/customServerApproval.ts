// A custom OAuth server (CLAUDE_REMOTE_SIGNIN_OAUTH_URL) can come from a container image's ENV or a repository's
// devcontainer.json. Before any token is sent there — a browser sign-in or a refresh — the user says yes once, in a
// modal that names the origin; the answer is remembered per origin on this machine (the extension host's own
// storage, where the variable is set), never in a setting a workspace could write.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { OAUTH_URL_OVERRIDE_ENV, type OAuthEndpoints } from '../../oauth/endpoints';
import { describeError, type Log } from '../../logging/log';
import { untrusted } from '../../logging/untrustedText';
import { FILE_SIZE_LIMITS, readSmallTextFileSync } from '../../credentials/smallFile';

const APPROVALS_FILE = 'approved-oauth-servers.json';

export class CustomServerApproval {
  private readonly origin: string | undefined;
  private approvedNow = false;

  constructor(
    endpoints: OAuthEndpoints,
    private readonly storageDir: string,
    private readonly log: Log,
  ) {
    this.origin = endpoints.overridden ? new URL(endpoints.tokenUrl).origin : undefined;
  }

  /** True for Anthropic's servers, and for a custom server the user approved on this machine. */
  isApproved(): boolean {
    return this.origin === undefined || this.approvedNow || this.readApprovals().includes(this.origin);
  }

  /** Asks (modal) when the custom server is not approved yet. False: the user said no; send nothing. */
  async ensureApproved(): Promise<boolean> {
    if (this.isApproved() || this.origin === undefined) return true;
    const proceed = vscode.l10n.t('Continue');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Sign-in tokens will be sent to {0}, not to Anthropic.', untrusted(this.origin)),
      {
        modal: true,
        detail: vscode.l10n.t(
          '{0} in this machine’s environment points Claude sign-in at this server. Continue only if you set it up yourself: whoever runs it receives your Claude sign-in.',
          OAUTH_URL_OVERRIDE_ENV,
        ),
      },
      proceed,
    );
    if (choice !== proceed) {
      this.log.info(`The custom OAuth server ${this.origin} was not approved; nothing was sent.`);
      return false;
    }
    this.approvedNow = true;
    this.remember(this.origin);
    this.log.info(`The custom OAuth server ${this.origin} was approved on this machine.`);
    return true;
  }

  private get file(): string {
    return path.join(this.storageDir, APPROVALS_FILE);
  }

  private readApprovals(): string[] {
    try {
      const parsed: unknown = JSON.parse(readSmallTextFileSync(this.file, FILE_SIZE_LIMITS.ownState) ?? '[]');
      return Array.isArray(parsed) ? parsed.filter((o): o is string => typeof o === 'string') : [];
    } catch {
      return [];
    }
  }

  private remember(origin: string): void {
    try {
      fs.mkdirSync(this.storageDir, { recursive: true, mode: 0o700 });
      fs.writeFileSync(this.file, JSON.stringify([...new Set([...this.readApprovals(), origin])]), { mode: 0o600 });
    } catch (error) {
      // Approved for this window only; the next one asks again.
      this.log.warn(`Could not remember the approval of ${origin}: ${describeError(error)}`);
    }
  }
}
