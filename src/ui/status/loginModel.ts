// The login as this window knows it: re-read whenever the credentials file (or, on macOS, the Keychain item) changes,
// its status computed once per change and once per minute of the time left, and what Claude Code here uses instead
// of it (an environment variable, an apiKeyHelper). The status bar, the refresher, the Accounts menu, the reminders and
// container recovery listen to `onDidChange`; none of them reads the file or computes the status again.
import * as vscode from 'vscode';
import { filesWithApiKeyHelper, settingsFiles } from '../../credentials/claudeSettings';
import { chooseCredentialStore } from '../../credentials/credentialStore';
import type { ClaudeLocation } from '../../credentials/location';
import { credentialInUse, type CredentialInUse } from '../../credentials/whichCredential';
import { describeError, type Log } from '../../logging/log';
import { LoginMonitor, type LoginSnapshot } from '../../login/loginMonitor';
import { loginStatus, msUntilNextTick, type LoginStatus } from '../../login/loginStatus';
import { setContext } from '../commands';
import type { Engine } from '../engineAccess';
import { localWorkspaceFolders } from '../workspaceFolders';

/** How often the Keychain item is re-read on macOS. */
const KEYCHAIN_POLL_MS = 30_000;

export interface LoginState {
  readonly snapshot: LoginSnapshot;
  /** The status at `at`. */
  readonly status: LoginStatus;
  readonly at: number;
  /** What Claude Code here authenticates with, when that is not the login on disk. */
  readonly credentialInUse: CredentialInUse;
}

/** Why the state changed: the login was re-read; or only the clock moved (the time left, a refresh starting or ending); or what Claude Code uses. */
export type LoginChange = 'reread' | 'clock' | 'credential_in_use';

export class LoginModel implements vscode.Disposable {
  private readonly monitor: LoginMonitor;
  private state: LoginState;
  private inUse: CredentialInUse = { kind: 'login' };
  private tickTimer: NodeJS.Timeout | undefined;
  private signedInContext: boolean | undefined;
  private disposed = false;
  private readonly changed = new vscode.EventEmitter<{ readonly state: LoginState; readonly change: LoginChange }>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly log: Log,
    readonly location: ClaudeLocation,
    loadEngine: () => typeof Engine,
  ) {
    // On macOS the login lives in the Keychain (credentials/credentialStore.ts): read it through the engine, and poll,
    // since no file event tells when Claude Code rewrites the item.
    const keychain = chooseCredentialStore(process.platform).kind === 'keychain';
    this.monitor = new LoginMonitor(location, () => this.reread(), keychain ? {
      read: async () => (await loadEngine().openCredentialStore(location).read()).result,
      pollMs: KEYCHAIN_POLL_MS,
    } : {});
    this.state = this.compute();
  }

  /** Reads and watches the login. With a relative CLAUDE_CONFIG_DIR, touches nothing and says so. */
  start(): Promise<void> {
    if (this.location.configDirIsRelative) {
      // No one place to read or write (see ClaudeLocation): say so, and touch nothing.
      this.log.warn(`CLAUDE_CONFIG_DIR is relative ("${this.location.configDir}"); not reading or writing any Claude file.`);
      this.update('clock');
      return Promise.resolve();
    }
    return this.monitor.start();
  }

  /** The state as last computed. */
  get current(): LoginState {
    return this.state;
  }

  /** Re-reads the files now (e.g. after someone else wrote them); resolves once listeners have the new state. */
  reload(): Promise<void> {
    return this.monitor.reload();
  }

  /** Recomputes the status now (something that shows beside it changed: a refresh started or ended, a setting). */
  recompute(): void {
    this.update('clock');
  }

  private reread(): void {
    void this.checkCredentialInUse().catch((error) => this.log.warn(`Could not check what Claude Code signs in with: ${describeError(error)}`));
    this.update('reread');
  }

  private compute(): LoginState {
    const snapshot = this.monitor.snapshot;
    const at = Date.now();
    return { snapshot, status: loginStatus(snapshot.read, at, snapshot.writtenAt), at, credentialInUse: this.inUse };
  }

  /** Recomputes the status from the last snapshot and the clock, tells the listeners, and plans the next minute. */
  private update(change: LoginChange): void {
    // A read that was under way when the window closed finds no one to tell, and plans nothing.
    if (this.disposed) return;
    this.state = this.compute();
    const { status, at } = this.state;
    this.setSignedInContext(status.kind === 'signed_in');
    clearTimeout(this.tickTimer);
    if (status.kind === 'signed_in' && status.accessExpiresAt !== undefined) {
      this.tickTimer = setTimeout(() => this.update('clock'), msUntilNextTick(status.accessExpiresAt, at));
    }
    this.changed.fire({ state: this.state, change });
  }

  private setSignedInContext(signedIn: boolean): void {
    if (signedIn === this.signedInContext) return;
    this.signedInContext = signedIn;
    setContext('signedIn', signedIn);
  }

  /** Re-reads what wins over the login (environment, settings files); the status bar warns when something does. */
  private async checkCredentialInUse(): Promise<void> {
    const files = await settingsFiles(this.location, localWorkspaceFolders(), process.platform);
    const inUse = credentialInUse({
      env: process.env,
      apiKeyHelperFiles: await filesWithApiKeyHelper(files),
      approvedApiKeySuffixes: this.monitor.snapshot.approvedApiKeySuffixes,
    });
    if (JSON.stringify(inUse) !== JSON.stringify(this.inUse)) {
      this.inUse = inUse;
      this.log.info(inUse.kind === 'login' ? 'Claude Code here uses the sign-in.' : `Claude Code here uses ${'variable' in inUse ? inUse.variable : `the apiKeyHelper in ${inUse.settingsFile}`} instead of the sign-in.`);
      this.update('credential_in_use');
    }
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.tickTimer);
    this.monitor.dispose();
    this.changed.dispose();
  }
}
