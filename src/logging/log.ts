// What the core needs from a log. VS Code's LogOutputChannel fits it; tests pass a recorder.
import { redact } from './redaction';

export interface Log {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLog: Log = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** Wraps a log so no registered secret, and nothing shaped like a Claude token, can reach it, whatever a caller passes. */
export function redactingLog(target: Log): Log {
  const wrap =
    (level: keyof Log) =>
    (message: string): void =>
      target[level](redact(message));
  return { trace: wrap('trace'), debug: wrap('debug'), info: wrap('info'), warn: wrap('warn'), error: wrap('error') };
}

/** An error and its causes (`error.cause`, then its cause, …), each once: what a system error code hides behind. */
export function causeChain(error: unknown): { readonly code?: unknown; readonly message?: unknown }[] {
  const chain: object[] = [];
  for (let current = error; current && typeof current === 'object' && !chain.includes(current); current = (current as { cause?: unknown }).cause) {
    chain.push(current);
  }
  return chain;
}

/** A message for the log from anything thrown, redacted. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    return redact(`${error.name}: ${error.message}`);
  }
  return redact(String(error));
}
