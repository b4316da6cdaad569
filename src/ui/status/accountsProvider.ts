// "Claude" in VS Code's Accounts menu: the login on this machine as an authentication session, with sign-out.
// Other extensions can ask for it through VS Code's consent prompt.
import * as vscode from 'vscode';
import { LOGIN_SCOPES } from '../../oauth/endpoints';
import type { LoginSnapshot } from '../../login/loginMonitor';
import type { SignIns } from '../signIn/signIns';
import type { LoginModel } from './loginModel';

export const AUTH_PROVIDER_ID = 'claude-code';

export class ClaudeAuthenticationProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly sessionsChanged = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.sessionsChanged.event;
  private current: vscode.AuthenticationSession | undefined;
  private readonly subscription: vscode.Disposable;
  private offered = false;

  constructor(
    private readonly model: LoginModel,
    private readonly signIns: SignIns,
  ) {
    this.current = sessionFrom(model.current.snapshot);
    this.subscription = model.onDidChange(({ state, change }) => change === 'reread' && this.update(state.snapshot));
  }

  private update(snapshot: LoginSnapshot): void {
    const next = sessionFrom(snapshot);
    const previous = this.current;
    this.current = next;
    this.offerSignInInAccountsMenu(!next);
    if (!previous && next) {
      this.sessionsChanged.fire({ added: [next], removed: [], changed: [] });
    } else if (previous && !next) {
      this.sessionsChanged.fire({ added: [], removed: [previous], changed: [] });
    } else if (previous && next && (previous.id !== next.id || previous.accessToken !== next.accessToken)) {
      this.sessionsChanged.fire(previous.id === next.id ? { added: [], removed: [], changed: [next] } : { added: [next], removed: [previous], changed: [] });
    }
  }

  /**
   * Signed out: ask VS Code for a session without creating one, as its own providers do, so the Accounts menu lists
   * "Sign in with Claude…". VS Code drops that entry when a session with exactly the asked scopes appears, hence a
   * full login's scopes, in the order sessions report them (sorted). Once per signed-out spell.
   */
  private offerSignInInAccountsMenu(signedOut: boolean): void {
    if (!signedOut) {
      this.offered = false;
    } else if (!this.offered) {
      this.offered = true;
      void Promise.resolve(vscode.authentication.getSession(AUTH_PROVIDER_ID, [...LOGIN_SCOPES].sort(), { createIfNone: false })).catch(() => undefined);
    }
  }

  async getSessions(scopes?: readonly string[]): Promise<vscode.AuthenticationSession[]> {
    const session = this.current;
    if (!session || (scopes ?? []).some((scope) => !session.scopes.includes(scope))) {
      return [];
    }
    return [session];
  }

  async createSession(): Promise<vscode.AuthenticationSession> {
    await this.signIns.signIn('full');
    this.current = sessionFrom(this.model.current.snapshot);
    if (!this.current) {
      throw new Error(vscode.l10n.t('Sign-in did not complete.'));
    }
    return this.current;
  }

  async removeSession(): Promise<void> {
    await this.signIns.signOut({ confirm: false });
  }

  dispose(): void {
    this.subscription.dispose();
    this.sessionsChanged.dispose();
  }
}

function sessionFrom(snapshot: LoginSnapshot): vscode.AuthenticationSession | undefined {
  const login = snapshot.read.state === 'ok' ? snapshot.read.login : undefined;
  if (!login?.accessToken) {
    return undefined;
  }
  const label = snapshot.account?.email ?? vscode.l10n.t('Claude Code');
  return {
    id: login.accountUuid ?? 'claude-code-login',
    accessToken: login.accessToken,
    account: { id: login.accountUuid ?? label, label },
    scopes: [...(login.scopes ?? [])].sort(),
  };
}
