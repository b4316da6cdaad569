// Every sentence the user reads about a failure, in one place, through vscode.l10n.
import * as vscode from 'vscode';
import { CallbackError } from '../signin/errors';
import { OAuthError } from '../oauth/errors';
import type { PastedCodeProblem } from '../oauth/pastedCode';
import { LockBusyError, LockCompromisedError } from '../credentials/lockErrors';
import { describeError } from '../logging/log';
import { redact } from '../logging/redaction';

/** A failure as one sentence the user can act on. Never contains a token, code, verifier or state. */
export function describeFailure(error: unknown): string {
  // A server's own words (error_description) can echo what we sent it.
  return redact(failureSentence(error));
}

function failureSentence(error: unknown): string {
  if (error instanceof CallbackError) {
    switch (error.reason) {
      case 'authorization_denied':
        return vscode.l10n.t('Sign-in was denied in the browser ({0}). Nothing was changed.', error.oauthError ?? 'access_denied');
      case 'timeout':
        return vscode.l10n.t('No answer came from the browser within 5 minutes. Nothing was changed.');
      case 'cancelled':
        return vscode.l10n.t('Sign-in was cancelled. Nothing was changed.');
    }
  }
  if (error instanceof OAuthError) {
    switch (error.kind) {
      case 'invalid_grant':
        return vscode.l10n.t('The Claude server no longer accepts this sign-in ({0}). Sign in again.', error.details.error ?? 'invalid_grant');
      case 'rejected':
        return vscode.l10n.t('The Claude server refused the request: {0}', error.message);
      case 'rate_limited':
        return vscode.l10n.t('The Claude server is rate limiting requests (HTTP 429). Your credentials are unchanged; try again in a minute.');
      case 'server_error':
        return vscode.l10n.t('The Claude server failed (HTTP {0}). Your credentials are unchanged; try again later.', String(error.status ?? 500));
      case 'network':
        return vscode.l10n.t('Could not reach the Claude server: {0}. Check your network and proxy settings. Your credentials are unchanged.', error.message);
      case 'timeout':
        return vscode.l10n.t('The Claude server did not answer in time. Check your network and proxy settings. Your credentials are unchanged.');
      case 'malformed_response':
        return vscode.l10n.t('The Claude server sent an unexpected answer: {0} Your credentials are unchanged.', error.message);
      case 'cancelled':
        return vscode.l10n.t('Sign-in was cancelled. Nothing was changed.');
    }
  }
  if (error instanceof LockBusyError) {
    return vscode.l10n.t('Another program (probably Claude Code) is holding {0}. Try again in a moment.', error.lockPath);
  }
  if (error instanceof LockCompromisedError) {
    return vscode.l10n.t('Lost the lock {0} while writing. Nothing was changed; try again.', error.lockPath);
  }
  return vscode.l10n.t('Something went wrong: {0}', describeError(error));
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
