// Reads what a user pasted in the paste flow. The page shows `CODE#STATE`; people paste that with stray
// whitespace, line breaks from a wrapped terminal, quotes, or the whole page address. We accept all of those
// and explain anything else. Returns a reason code; the UI turns it into words.
import { registerSecret } from '../logging/redaction';
import { isLoopbackHost } from './endpoints';

export type PastedCodeProblem =
  /** Nothing was pasted. */
  | 'empty'
  /** A `http://localhost…` address: the browser tried a local callback, which is not the code. */
  | 'localhost_url'
  /** An address that carries no code (or one from another site). */
  | 'url_without_code'
  /** The page address carried an OAuth error, e.g. `error=access_denied`. */
  | 'authorization_error'
  /** A short numeric code: the e-mail verification code, which belongs in the browser. */
  | 'email_code'
  /** No `#` separating code and state. */
  | 'missing_state'
  /** The state is not the one this sign-in created: the code comes from another attempt. */
  | 'state_mismatch';

export type PastedCode =
  | { readonly ok: true; readonly code: string; readonly state: string }
  | { readonly ok: false; readonly problem: PastedCodeProblem; readonly oauthError?: string };

const QUOTES = /^["'`“”‘’<\s]+|["'`“”‘’>\s]+$/g;
const CODE_CHARS = /^[A-Za-z0-9._~+/=-]+$/;

export function parsePastedCode(input: string, expectedState: string, manualRedirectUrl: string): PastedCode {
  const text = input.replace(QUOTES, '').replace(/\s+/g, '');
  if (!text) {
    return { ok: false, problem: 'empty' };
  }
  if (/^https?:\/\//i.test(text)) {
    return parsePastedUrl(text, expectedState, manualRedirectUrl);
  }
  if (/^\d{4,8}$/.test(text)) {
    return { ok: false, problem: 'email_code' };
  }
  const hash = text.indexOf('#');
  if (hash < 0) {
    return { ok: false, problem: 'missing_state' };
  }
  return checked(text.slice(0, hash), text.slice(hash + 1), expectedState);
}

function parsePastedUrl(text: string, expectedState: string, manualRedirectUrl: string): PastedCode {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, problem: 'url_without_code' };
  }
  if (isLoopbackHost(url.hostname)) {
    return { ok: false, problem: 'localhost_url' };
  }
  const error = url.searchParams.get('error');
  if (error) {
    return { ok: false, problem: 'authorization_error', oauthError: error };
  }
  const manual = new URL(manualRedirectUrl);
  const code = url.searchParams.get('code');
  const state = url.searchParams.get('state');
  if (url.origin !== manual.origin || url.pathname !== manual.pathname || !code || !state) {
    return { ok: false, problem: 'url_without_code' };
  }
  return checked(code, state, expectedState);
}

function checked(code: string, state: string, expectedState: string): PastedCode {
  registerSecret(code, state);
  if (!code || !CODE_CHARS.test(code)) {
    return { ok: false, problem: 'missing_state' };
  }
  if (state !== expectedState) {
    return { ok: false, problem: 'state_mismatch' };
  }
  return { ok: true, code, state };
}
