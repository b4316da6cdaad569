// Stand-in for api.anthropic.com's Messages API: rejects everything, but records the bearer token
// the Claude CLI sent, which proves which access token the CLI read from the credentials file.
import { readBody, sendJson, serve } from './http.js';

export interface MessagesStub {
  readonly origin: string;
  /** The `authorization` header of each request, in order ('' when absent). */
  readonly authorizations: readonly string[];
  close(): Promise<void>;
}

export async function startMessagesStub(): Promise<MessagesStub> {
  const authorizations: string[] = [];
  const server = await serve(
    async (req, res) => {
      authorizations.push(req.headers.authorization ?? '');
      await readBody(req).catch(() => '');
      sendJson(res, 401, { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } });
    },
    { host: '127.0.0.1', port: 0 },
  );
  return { origin: server.origin, authorizations, close: () => server.close() };
}
