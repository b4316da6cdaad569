// A request and its answer as plain data: the protocol (tokens.ts, profile.ts) builds one and reads the other; only
// the engine's transport (src/engine/transport/http.ts) sends it.

export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Serialized as JSON with `Content-Type: application/json`. */
  readonly json?: unknown;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}
