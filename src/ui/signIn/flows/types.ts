import type * as vscode from 'vscode';
import type * as Engine from '../../../engine';
import type { AuthorizeOptions } from '../../../oauth/authorize';
import type { OAuthEndpoints } from '../../../oauth/endpoints';
import type { HttpOptions } from '../../../engine/transport/http';
import type { CredentialStore } from '../../../credentials/credentialStore';
import type { ClaudeLocation } from '../../../credentials/location';
import type { Log } from '../../../logging/log';
import type { FinishOptions, SignedIn } from '../../../engine/signIn/attempt';

/** What kind of token a sign-in asks for. */
export interface TokenRequest {
  readonly scopes?: readonly string[];
  /** A long-lived token of this lifetime (inference only, no refresh token). */
  readonly expiresInSeconds?: number;
  /** What the sign-in page is told about the account (organization, e-mail, SSO). */
  readonly authorize?: AuthorizeOptions;
}

export interface FlowContext {
  /** The network half: callback server, PKCE, code exchange, the write. */
  readonly engine: typeof Engine;
  readonly endpoints: OAuthEndpoints;
  readonly location: ClaudeLocation;
  readonly store: CredentialStore;
  readonly log: Log;
  readonly http: HttpOptions;
  readonly request: TokenRequest;
  readonly progress: vscode.Progress<{ message?: string }>;
  /** Aborts when the user cancels the progress notification. */
  readonly signal: AbortSignal;
  /** Resolves when the user asks to paste a code instead of waiting for the browser ("Paste a Code Instead"). */
  readonly pasteInstead: Promise<PasteInstead>;
}

/** What a flow returns when the user switched this attempt to the paste flow. */
export type PasteInstead = 'paste_instead';

/** A way of getting the authorization code from the user's browser to this extension host. */
export interface SignInFlow {
  /** Named as its file: the loopback (browser callback) flow or the paste-the-code flow. */
  readonly id: 'loopback' | 'paste';
  /**
   * Gets ready and says whether this flow can work here (e.g. whether VS Code forwards a redirect address the
   * provider accepts). `undefined` means: not here, try the next flow.
   */
  prepare(context: FlowContext): Promise<PreparedFlow | undefined>;
}

export interface PreparedFlow {
  run(): Promise<SignedIn | PasteInstead>;
  /** Releases what `prepare` took (e.g. the callback server). Safe to call twice. */
  dispose(): Promise<void>;
}

/**
 * What the code exchange needs from a flow: Cancel on the progress notification reaches the token request (and
 * stops the write), not only the wait for the browser.
 */
export function finishing(context: FlowContext): FinishOptions {
  return { ...context, http: { ...context.http, signal: context.signal } };
}
