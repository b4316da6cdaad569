// Every sentence the user reads about a failure, in one place, through vscode.l10n.
import * as vscode from 'vscode';
import { CallbackError, NoUsableRedirectError } from '../../oauth/signInErrors';
import { OAuthError } from '../../oauth/errors';
import type { PastedCodeProblem } from '../../oauth/pastedCode';
import { FileNotPrivateError, ForeignFileError } from '../../credentials/fileSystem';
import { LockBusyError, LockCompromisedError } from '../../credentials/lockErrors';
import { RelativeConfigDirError } from '../../credentials/location';
import { relativeConfigDirMessage } from './loginStates';
import { causeChain, describeError } from '../../logging/log';
import { redact } from '../../logging/redaction';
import { untrusted } from '../../logging/untrustedText';
import { KeychainItemKeptError } from '../../credentials/credentialStore';

/** A failure as one sentence the user can act on. Never contains a token, code, verifier or state. */
export function describeFailure(error: unknown): string {
  // A server's own words (error_description) can echo what we sent it.
  return redact(failureSentence(error));
}

function failureSentence(error: unknown): string {
  if (error instanceof NoUsableRedirectError) {
    return vscode.l10n.t(
      'The browser sign-in needs a localhost address forwarded to your browser, which this window cannot give ({0}). Paste a code instead, or set the sign-in method to auto (Settings, Remote tab).',
      untrusted(error.externalAddress),
    );
  }
  if (error instanceof CallbackError) {
    switch (error.reason) {
      case 'authorization_denied':
        return error.oauthError === 'access_denied' || !error.oauthError
          ? vscode.l10n.t('You declined the sign-in in the browser. Nothing was changed.')
          : vscode.l10n.t('The sign-in page ended without a code. Nothing was changed; try again.');
      case 'timeout':
        return vscode.l10n.t('The browser did not come back within 5 minutes. Nothing was changed; try again, or paste a code instead.');
      case 'cancelled':
        return vscode.l10n.t('Sign-in was cancelled. Nothing was changed.');
    }
  }
  if (error instanceof OAuthError) {
    // The protocol's codes and the server's own words stay in the log (describeError); the user gets what to do.
    switch (error.kind) {
      case 'invalid_grant':
        return vscode.l10n.t('The Claude server no longer accepts this sign-in: it expired or was already used. Sign in again.');
      case 'rejected':
        return vscode.l10n.t('The Claude server refused the request. Nothing was changed; the sign-in log says why.');
      case 'rate_limited':
        return vscode.l10n.t('The Claude server is busy right now. Nothing was changed; try again in a minute.');
      case 'server_error':
        return vscode.l10n.t('The Claude server had a problem on its side. Nothing was changed; try again in a few minutes.');
      case 'network':
        return networkSentence(error);
      case 'timeout':
        return error.details.proxy
          ? vscode.l10n.t('{0} did not answer in time through the proxy {1}. Nothing was changed; check that the proxy lets this machine through.', host(error), untrusted(error.details.proxy))
          : vscode.l10n.t('{0} did not answer in time. Nothing was changed; check this machine’s internet connection and proxy settings.', host(error));
      case 'malformed_response':
        return vscode.l10n.t('The Claude server sent an answer this extension does not understand. Nothing was changed; try again later.');
      case 'cancelled':
        return vscode.l10n.t('Sign-in was cancelled. Nothing was changed.');
    }
  }
  if (error instanceof LockBusyError) {
    return vscode.l10n.t('Another program (probably Claude Code) is holding {0}. Try again in a moment.', untrusted(error.lockPath));
  }
  if (error instanceof LockCompromisedError) {
    return vscode.l10n.t('Lost the lock {0} while writing. Nothing was changed; try again.', untrusted(error.lockPath));
  }
  if (error instanceof ForeignFileError) {
    return vscode.l10n.t('{0} belongs to another user (uid {1}) and is read-only to you, so no sign-in was written. Sign in as that user, or give the file to your user (sudo chown {2} "{0}"), then try again.', untrusted(error.file), String(error.ownerUid), String(error.uid));
  }
  if (error instanceof FileNotPrivateError) {
    return vscode.l10n.t('{0} can be read by other users and its mode cannot be changed, so no sign-in was written into it. Make it private (chmod 600) or give it back to your user, then try again.', untrusted(error.file));
  }
  if (error instanceof KeychainItemKeptError) {
    return error.refusal.kind === 'write_failed'
      ? vscode.l10n.t('The macOS Keychain did not store the change to {0}, so nothing was changed. Unlock the Keychain (or allow the access it asks for) and try again.', error.refusal.service)
      : vscode.l10n.t('Claude Code keeps part of this Mac’s sign-in in its own encrypted Keychain items ({0}), which this extension cannot safely change, so nothing was written. Sign in with `claude /login` in a terminal on this Mac.', error.refusal.service);
  }
  if (error instanceof RelativeConfigDirError) {
    return relativeConfigDirMessage(error.configDir);
  }
  return vscode.l10n.t('Something went wrong: {0}', untrusted(describeError(error)));
}

function host(error: OAuthError): string {
  return error.details.host !== undefined ? untrusted(error.details.host) : vscode.l10n.t('The Claude server');
}

/** "Could not reach": which host, and the likely cause read from the system's error code (kept in the log). */
function networkSentence(error: OAuthError): string {
  if (!error.details.host) {
    // Raised before any connection: the proxy setting itself is unusable (its message names it, never a password).
    return vscode.l10n.t('The proxy setting cannot be used: {0} Nothing was changed.', untrusted(error.message));
  }
  const host = untrusted(error.details.host);
  const proxy = error.details.proxy === undefined ? undefined : untrusted(error.details.proxy);
  const cause = networkCause(error.details.cause);
  if (cause === 'certificate') {
    return vscode.l10n.t('Could not connect to {0} securely: its certificate is not trusted here. If a proxy inspects HTTPS, add its CA certificate with NODE_EXTRA_CA_CERTS.', host);
  }
  if (proxy) {
    return vscode.l10n.t('Could not reach {0} through the proxy {1}. Check that the proxy is running and lets this machine through.', host, proxy);
  }
  switch (cause) {
    case 'refused':
      return vscode.l10n.t('Could not connect to {0}: the connection was refused. If this machine reaches the internet through a proxy, set http.proxy or HTTPS_PROXY.', host);
    case 'name_not_found':
      return vscode.l10n.t('Could not find {0}: this machine cannot look up its name. Check its internet connection and DNS.', host);
    default:
      return vscode.l10n.t('Could not reach {0}. Check this machine’s internet connection and proxy settings.', host);
  }
}

/** The system error code anywhere in the cause chain (undici's error, then its causes), read as a likely cause. */
function networkCause(error: unknown): 'refused' | 'name_not_found' | 'certificate' | 'other' {
  for (const { code } of causeChain(error)) {
    if (typeof code !== 'string') continue;
    if (code === 'ECONNREFUSED') return 'refused';
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'name_not_found';
    if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(code)) return 'certificate';
  }
  return 'other';
}

/** What the user can do next about a failure: the buttons of its message, most useful first. */
export type NextStep = 'retry' | 'diagnose' | 'paste_instead' | 'show_log';

export function nextSteps(error: unknown): NextStep[] {
  if (error instanceof NoUsableRedirectError) return ['paste_instead'];
  if (error instanceof CallbackError && error.reason === 'timeout') return ['paste_instead', 'retry'];
  if (error instanceof OAuthError && error.isTransient) return ['retry', 'diagnose'];
  return ['retry', 'show_log'];
}

export function nextStepLabel(step: NextStep): string {
  switch (step) {
    case 'retry':
      return vscode.l10n.t('Retry');
    case 'diagnose':
      return vscode.l10n.t('Diagnose');
    case 'paste_instead':
      return vscode.l10n.t('Paste a Code Instead');
    case 'show_log':
      return vscode.l10n.t('Show Log');
  }
}

/** What to tell a user whose paste is not a code, and what to paste instead. */
export function describePasteProblem(problem: PastedCodeProblem): string {
  switch (problem) {
    case 'empty':
      return vscode.l10n.t('Paste the code shown in the browser after you approve (it looks like code#state).');
    case 'localhost_url':
      return vscode.l10n.t('That is a localhost address, not the code. Paste the code the Claude page shows after you approve (code#state).');
    case 'url_without_code':
      return vscode.l10n.t('That address holds no sign-in code. Paste the code the Claude page shows after you approve (code#state).');
    case 'authorization_error':
      return vscode.l10n.t('That address says sign-in was denied. Approve in the browser, then paste the code the page shows.');
    case 'email_code':
      return vscode.l10n.t('That looks like the verification code from the sign-in e-mail. Enter it in the browser; then paste the code the Claude page shows (code#state).');
    case 'missing_state':
      return vscode.l10n.t('The code is incomplete: copy the whole text the page shows, including the part after #.');
    case 'state_mismatch':
      return vscode.l10n.t('This code belongs to a different sign-in attempt. Paste the code from the page this sign-in just opened.');
  }
}
