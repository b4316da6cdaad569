// The browser flow: a one-shot loopback server in this extension host, made reachable from the user's local
// browser by VS Code's port forwarding (asExternalUri). The approval redirects straight back to us.
import * as vscode from 'vscode';
import { commandLink } from '../../commands';
import { openInLocalBrowser } from '../browser';
import type { CallbackPage } from '../../../engine/signIn/callbackServer';
import { isCancellation, NoUsableRedirectError } from '../../../oauth/signInErrors';
import { chooseRedirect } from '../../../oauth/redirectAddress';
import { describeFailure } from '../../words/failures';
import { finishing, type FlowContext, type PreparedFlow, type SignInFlow } from './types';


export function loopbackFlow(options: { required: boolean; renderPage: (page: CallbackPage, reason?: string) => string }): SignInFlow {
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
            // A link, because a progress notification has no room for buttons besides Cancel.
            context.progress.report({
              message: vscode.l10n.t({
                message: 'Approve the sign-in in your browser… Browser not coming back? [Paste a Code Instead]({0})',
                args: [commandLink('pasteCodeInstead')],
                comment: ["{Locked=']('}", ' The text in square brackets is a link: translate it, but keep the brackets and the link target after them exactly as they are.'],
              }),
            });
            const arrived = await Promise.race([server.callback, context.pasteInstead]);
            if (arrived === 'paste_instead') {
              log.info('The user chose to paste a code instead of waiting for the browser.');
              return arrived;
            }
            log.info('The browser returned an authorization code.');
            context.progress.report({ message: vscode.l10n.t('Finishing sign-in…') });
            // The browser waits for the outcome: it says "signed in" only once the login is written.
            try {
              const signedIn = await engine.finishAttempt(attempt, arrived.code, finishing(context));
              server.answer({ page: 'signed_in' });
              return signedIn;
            } catch (error) {
              server.answer(isCancellation(error) ? { page: 'cancelled' } : { page: 'failed', reason: describeFailure(error) });
              throw error;
            }
          },
          // Not close(): an Authorize clicked after Cancel still gets a page saying so.
          dispose: async () => server.cancel(),
        };
      } catch (error) {
        await server.close();
        throw error;
      }
    },
  };
}
