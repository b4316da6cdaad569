// The browser flow: a one-shot loopback server in this extension host, made reachable from the user's local
// browser by VS Code's port forwarding (asExternalUri). The approval redirects straight back to us.
import * as vscode from 'vscode';
import { createState } from '../../oauth/pkce';
import { finishAttempt, startAttempt } from '../attempt';
import { openInLocalBrowser } from '../browser';
import { startCallbackServer, type CallbackPage } from '../callbackServer';
import { chooseRedirect } from '../redirectAddress';
import type { FlowContext, PreparedFlow, SignInFlow } from './types';

/** Thrown when the browser flow was asked for but VS Code gives no redirect address the provider accepts. */
export class NoUsableRedirectError extends Error {
  override readonly name = 'NoUsableRedirectError';
  constructor(readonly externalAddress: string) {
    super(`VS Code forwards the callback as ${externalAddress}, which the sign-in server does not accept as a redirect.`);
  }
}

export function loopbackFlow(options: { required: boolean; renderPage: (page: CallbackPage) => string }): SignInFlow {
  return {
    id: 'browser',
    async prepare(context: FlowContext): Promise<PreparedFlow | undefined> {
      const { endpoints, log, signal } = context;
      const state = createState();
      const server = await startCallbackServer({
        expectedState: state,
        successRedirect: endpoints.successUrl,
        renderPage: options.renderPage,
        signal,
      });
      log.info(`Callback server listening on ${server.listeningOn.join(', ')}.`);
      try {
        const external = await vscode.env.asExternalUri(vscode.Uri.parse(server.localCallbackUrl));
        const choice = chooseRedirect(external.toString(true), endpoints.acceptsAnyRedirect);
        if (!choice.usable) {
          log.info(`VS Code forwards the callback as ${choice.externalAddress}; the sign-in server only accepts http://localhost:<port>/callback.`);
          await server.close();
          if (options.required) {
            throw new NoUsableRedirectError(choice.externalAddress);
          }
          return undefined;
        }
        log.info(`The browser will return to ${choice.redirectUri}.`);
        const attempt = startAttempt(endpoints, choice.redirectUri, { ...context.request, state });
        return {
          run: async () => {
            await openInLocalBrowser(attempt.authorizeUrl, log);
            context.progress.report({ message: vscode.l10n.t('Approve the sign-in in your browser…') });
            const { code } = await server.callback;
            log.info('The browser returned an authorization code.');
            context.progress.report({ message: vscode.l10n.t('Finishing sign-in…') });
            return finishAttempt(attempt, code, context);
          },
          dispose: () => server.close(),
        };
      } catch (error) {
        await server.close();
        throw error;
      }
    },
  };
}
