// The paste flow, for clients with no forwarded localhost address (VS Code for the Web, code-server): the
// provider shows `CODE#STATE` after approval and the user pastes it into an input box.
import * as vscode from 'vscode';
import { parsePastedCode } from '../../../oauth/pastedCode';
import { SignInCancelledError } from '../../../oauth/signInErrors';
import { openInLocalBrowser } from '../browser';
import { describePasteProblem } from '../../words/failures';
import { finishing, type FlowContext, type PreparedFlow, type SignInFlow } from './types';

export function pasteFlow(): SignInFlow {
  return {
    id: 'paste',
    async prepare(context: FlowContext): Promise<PreparedFlow> {
      const { engine, endpoints, log } = context;
      const attempt = engine.startAttempt(endpoints, endpoints.manualRedirectUrl, context.request);
      return {
        run: async () => {
          log.info('Using the paste-the-code sign-in.');
          await openInLocalBrowser(attempt.authorizeUrl, log);
          context.progress.report({ message: vscode.l10n.t('Approve in your browser, then paste the code shown there…') });
          const pasted = await askForCode(attempt.state, endpoints.manualRedirectUrl, context.signal);
          context.progress.report({ message: vscode.l10n.t('Finishing sign-in…') });
          return engine.finishAttempt(attempt, pasted, finishing(context));
        },
        dispose: async () => undefined,
      };
    },
  };
}

/** Asks until the user pastes something usable or cancels; explains every bad paste in place. */
async function askForCode(state: string, manualRedirectUrl: string, signal: AbortSignal): Promise<string> {
  const cancel = new vscode.CancellationTokenSource();
  const onAbort = (): void => cancel.cancel();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const answer = await vscode.window.showInputBox(
      {
        title: vscode.l10n.t('Claude: Sign in remotely'),
        prompt: vscode.l10n.t('After approving in the browser, paste the code the page shows (code#state).'),
        placeHolder: vscode.l10n.t('Paste the code here'),
        ignoreFocusOut: true,
        password: false,
        validateInput: (value) => {
          if (!value.trim()) {
            return undefined;
          }
          const parsed = parsePastedCode(value, state, manualRedirectUrl);
          return parsed.ok ? undefined : { message: describePasteProblem(parsed.problem), severity: vscode.InputBoxValidationSeverity.Error };
        },
      },
      cancel.token,
    );
    const parsed = answer === undefined ? undefined : parsePastedCode(answer, state, manualRedirectUrl);
    if (!parsed?.ok) {
      throw new SignInCancelledError();
    }
    return parsed.code;
  } finally {
    signal.removeEventListener('abort', onAbort);
    cancel.dispose();
  }
}
