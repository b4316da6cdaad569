// Errors of the OAuth core. Each kind tells the caller what to do next; none carries a secret.
import { redact } from '../logging/redaction';

export type OAuthErrorKind =
  /** The grant is dead (used, revoked or expired): sign in again. `details.timeLimit` says it ran out of time. */
  | 'invalid_grant'
  /** The account is on hold (`account_on_hold`): a new sign-in would not help; `details.appealUrl` says where to look. */
  | 'account_on_hold'
  /** The server refused the request for another protocol reason (`error` says which). */
  | 'rejected'
  /** 429: back off, keep what we have. */
  | 'rate_limited'
  /** 5xx: back off, keep what we have. */
  | 'server_error'
  /** The request never got an answer (DNS, connection, TLS, proxy): keep what we have, retry. */
  | 'network'
  /** No answer within the time limit: keep what we have, retry. */
  | 'timeout'
  /** The answer was not what the protocol promises. */
  | 'malformed_response'
  /** The user (or shutdown) cancelled the request. */
  | 'cancelled';

export class OAuthError extends Error {
  override readonly name = 'OAuthError';

  constructor(
    readonly kind: OAuthErrorKind,
    message: string,
    readonly details: {
      readonly status?: number;
      /** The protocol's own error code, e.g. `invalid_grant`, `invalid_request`. */
      readonly error?: string;
      readonly retryAfterMs?: number;
      /** invalid_grant because the login reached its time limit (not used or revoked). */
      readonly timeLimit?: boolean;
      /** account_on_hold: the page to view details or appeal, checked by the CLI's rule. */
      readonly appealUrl?: string;
      /** For network and timeout errors: the server (`host:port`) and the proxy (`scheme://host:port`) tried. */
      readonly host?: string;
      readonly proxy?: string;
      readonly cause?: unknown;
    } = {},
  ) {
    super(redact(message));
  }

  get status(): number | undefined {
    return this.details.status;
  }

  /** True when retrying later may succeed and the stored credentials must be kept. */
  get isTransient(): boolean {
    return ['rate_limited', 'server_error', 'network', 'timeout'].includes(this.kind);
  }
}
