// The pages the user's browser shows when it comes back to our callback server.
import * as vscode from 'vscode';
import type { CallbackPage } from '../../engine/signIn/callbackServer';

export function renderCallbackPage(page: CallbackPage, reason?: string): string {
  const { title, body } = pageText(page, reason);
  const lang = escapeHtml(vscode.env.language || 'en');
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  body { font-family: system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", sans-serif; background: #faf9f5;
         color: #141413; display: grid; place-items: center; min-height: 100vh; margin: 0; }
  main { max-width: 32rem; padding: 2.5rem; background: #fff; border-radius: 1rem; box-shadow: 0 2px 16px #0001; text-align: center; }
  h1 { font-size: 1.4rem; margin: 0 0 .75rem; } p { line-height: 1.5; margin: 0; color: #3d3d3a; }
  .mark { font-size: 2.5rem; margin-bottom: .5rem; }
</style></head>
<body><main><div class="mark">${page === 'signed_in' ? '✓' : page === 'denied' || page === 'cancelled' ? '✕' : '!'}</div>
<h1 id="title">${escapeHtml(title)}</h1><p id="message">${escapeHtml(body)}</p></main></body></html>`;
}

function pageText(page: CallbackPage, reason: string | undefined): { title: string; body: string } {
  switch (page) {
    case 'signed_in':
      return {
        title: vscode.l10n.t('You are signed in'),
        body: vscode.l10n.t('Claude Code on your remote machine is ready. You can close this tab and return to VS Code.'),
      };
    case 'denied':
      return {
        title: vscode.l10n.t('You declined the sign-in'),
        body: vscode.l10n.t('Nothing was changed. You can close this tab; run "Claude: Sign in remotely" again whenever you like.'),
      };
    case 'failed':
      // The same sentence VS Code shows, so the tab and the window agree.
      return {
        title: vscode.l10n.t('Sign-in did not finish'),
        body: `${reason ?? ''} ${vscode.l10n.t('Return to VS Code to try again.')}`.trim(),
      };
    case 'cancelled':
      return {
        title: vscode.l10n.t('Sign-in was cancelled in VS Code'),
        body: vscode.l10n.t('Nothing was changed. You can close this tab; run "Claude: Sign in remotely" again whenever you like.'),
      };
    case 'wrong_state':
      return {
        title: vscode.l10n.t('This link is not from the current sign-in'),
        body: vscode.l10n.t('It may come from an older tab. Start the sign-in again from VS Code.'),
      };
    case 'not_found':
      return { title: vscode.l10n.t('Not found'), body: vscode.l10n.t('This address only answers sign-in callbacks.') };
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
