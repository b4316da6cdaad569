// The browser flow: a one-shot loopback server in this extension host, made reachable from the user's local
// browser by VS Code's port forwarding (asExternalUri). The approval redirects straight back to us.
import * as vscode from 'vscode';
import { openInLocalBrowser } from '../browser';
import type { CallbackPage } from '../callbackServer';
import { NoUsableRedirectError } from '../errors';
import { chooseRedirect } from '../redirectAddress';
import { finishing, type FlowContext, type PreparedFlow, type SignInFlow } from './types';

export function loopbackFlow(options: { required: boolean; renderPage: (page: CallbackPage) => string }): SignInFlow {
  return {
    id: 'loopback',
    async prepare(context: FlowContext): Promise<PreparedFlow | undefined> {
      const { engine, endpoints, log, signal } = context;
      const state = engine.createState();
      const server = await engine.startCallbackServer({
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
        const attempt = engine.startAttempt(endpoints, choice.redirectUri, { ...context.request, state });
        return {
          run: async () => {
            await openInLocalBrowser(attempt.authorizeUrl, log);
            context.progress.report({ message: vscode.l10n.t('Approve the sign-in in your browser…') });
            const { code } = await server.callback;
            log.info('The browser returned an authorization code.');
            context.progress.report({ message: vscode.l10n.t('Finishing sign-in…') });
            return engine.finishAttempt(attempt, code, finishing(context));
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
