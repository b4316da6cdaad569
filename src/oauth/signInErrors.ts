// The ways a sign-in ends without a login, as classes the UI words (ui/words/failures.ts). No VS Code, no network here,
// so both the UI and the callback server can use them.
import { OAuthError } from './errors';

export type CallbackFailure =
  /** The user pressed Deny (or the server sent another `error`). */
  | 'authorization_denied'
  | 'cancelled'
  | 'timeout';

export class CallbackError extends Error {
  override readonly name = 'CallbackError';
  constructor(
    readonly reason: CallbackFailure,
    /** The protocol's error code from the redirect, e.g. `access_denied`. */
    readonly oauthError?: string,
  ) {
    super(oauthError ? `${reason}: ${oauthError}` : reason);
  }
}

/** The user closed the paste box (or cancelled the progress) without a code. */
export class SignInCancelledError extends Error {
  override readonly name = 'SignInCancelledError';
  constructor() {
    super('The sign-in was cancelled.');
  }
}

/** Thrown when the browser flow was asked for but VS Code gives no redirect address the provider accepts. */
export class NoUsableRedirectError extends Error {
  override readonly name = 'NoUsableRedirectError';
  constructor(readonly externalAddress: string) {
    super(`VS Code forwards the callback as ${externalAddress}, which the sign-in server does not accept as a redirect.`);
  }
}

/** The user stopped the sign-in (at any step): nothing to report, nothing changed. */
export function isCancellation(error: unknown): boolean {
  return (
    (error instanceof CallbackError && error.reason === 'cancelled') ||
    error instanceof SignInCancelledError ||
    (error instanceof OAuthError && error.kind === 'cancelled')
  );
}
