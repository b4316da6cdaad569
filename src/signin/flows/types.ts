import type * as vscode from 'vscode';
import type { OAuthEndpoints } from '../../oauth/endpoints';
import type { HttpOptions } from '../../oauth/http';
import type { ClaudeLocation } from '../../credentials/location';
import type { Log } from '../../logging/log';
import type { SignedIn } from '../attempt';

/** What kind of token a sign-in asks for. */
export interface TokenRequest {
  readonly scopes?: readonly string[];
  /** A long-lived token of this lifetime (inference only, no refresh token). */
  readonly expiresInSeconds?: number;
}

export interface FlowContext {
  readonly endpoints: OAuthEndpoints;
  readonly location: ClaudeLocation;
  readonly log: Log;
  readonly http: HttpOptions;
  readonly request: TokenRequest;
  readonly progress: vscode.Progress<{ message?: string }>;
  /** Aborts when the user cancels the progress notification. */
  readonly signal: AbortSignal;
}

/** A way of getting the authorization code from the user's browser to this extension host. */
export interface SignInFlow {
  readonly id: 'browser' | 'code';
  /**
   * Gets ready and says whether this flow can work here (e.g. whether VS Code forwards a redirect address the
   * provider accepts). `undefined` means: not here, try the next flow.
   */
  prepare(context: FlowContext): Promise<PreparedFlow | undefined>;
}

export interface PreparedFlow {
  run(): Promise<SignedIn>;
  /** Releases what `prepare` took (e.g. the callback server). Safe to call twice. */
  dispose(): Promise<void>;
}
