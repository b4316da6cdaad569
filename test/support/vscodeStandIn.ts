// A stand-in for the `vscode` module in unit tests, for the shapes code-server cannot produce (the local extension
// host of a remote window). It records what the extension shows and registers; tests read `recorded`.
// `useVscodeStandIn()` makes `require('vscode')` resolve here until the test ends.
import Module from 'node:module';
import type { TestContext } from 'node:test';

const noop = (): void => undefined;

export class Disposable {
  constructor(private readonly onDispose: () => void = noop) {}
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => items.forEach((item) => item.dispose()));
  }
  dispose(): void {
    this.onDispose();
  }
}

export class EventEmitter<T> {
  private readonly listeners = new Set<(event: T) => void>();
  readonly event = (listener: (event: T) => void): Disposable => {
    this.listeners.add(listener);
    return new Disposable(() => this.listeners.delete(listener));
  };
  fire(event: T): void {
    this.listeners.forEach((listener) => listener(event));
  }
  dispose(): void {
    this.listeners.clear();
  }
}

export class ThemeColor {
  constructor(readonly id: string) {}
}

export class MarkdownString {
  isTrusted = false;
  constructor(readonly value = '') {}
}

export const ExtensionKind = { UI: 1, Workspace: 2 } as const;
export const StatusBarAlignment = { Left: 1, Right: 2 };
export const ProgressLocation = { SourceControl: 1, Window: 10, Notification: 15 };
export const Uri = { parse: (value: string) => ({ toString: () => value }) };

export interface StatusBarItemRecord {
  id: string;
  text: string;
  tooltip?: unknown;
  command?: string;
  shown: boolean;
}

/** What the extension did, for assertions. */
export const recorded = {
  statusBarItems: [] as StatusBarItemRecord[],
  commands: new Map<string, (...args: unknown[]) => unknown>(),
  messages: [] as { severity: 'info' | 'warning' | 'error'; text: string }[],
  openedExternal: [] as string[],
  executedCommands: [] as string[],
};

export const env = { remoteName: undefined as string | undefined, language: 'en', uiKind: 1, openExternal: async (uri: { toString(): string }) => (recorded.openedExternal.push(uri.toString()), true) };

/** `l10n.t`'s two forms: a message and its arguments, or `{ message, args, comment }`. */
export type L10nMessage = string | { readonly message: string; readonly args?: readonly unknown[]; readonly comment?: string | readonly string[] };

/** The key VS Code looks a message up by in an l10n bundle: the message, then `/` and the comment when there is one. */
export function l10nKey(message: L10nMessage): string {
  if (typeof message === 'string' || !message.comment?.length) return typeof message === 'string' ? message : message.message;
  return `${message.message}/${typeof message.comment === 'string' ? message.comment : message.comment.join('')}`;
}

/** Fills `{n}` in `text` from the call's arguments (either form). */
export function formatL10n(text: string, message: L10nMessage, args: readonly unknown[]): string {
  const values = typeof message === 'string' ? args : (message.args ?? []);
  return text.replace(/\{(\d+)\}/g, (_, index: string) => String(values[Number(index)]));
}

export const l10n = {
  t: (message: L10nMessage, ...args: unknown[]): string => formatL10n(typeof message === 'string' ? message : message.message, message, args),
};

/**
 * How the user answers a message: dismissed (undefined) unless a test says otherwise. A test can return a promise
 * that never settles: a notification nobody answers.
 */
export const user = {
  answer: (_text: string, _choices: readonly string[]): Thenable<string | undefined> => Promise.resolve(undefined),
};

const message = (severity: 'info' | 'warning' | 'error') => (text: string, ...rest: unknown[]) => {
  recorded.messages.push({ severity, text });
  return user.answer(text, rest.filter((item): item is string => typeof item === 'string'));
};

export const window = {
  createOutputChannel: () => ({ trace: noop, debug: noop, info: noop, warn: noop, error: noop, show: noop, dispose: noop }),
  createStatusBarItem: (id: string) => {
    const record: StatusBarItemRecord = { id, text: '', shown: false };
    recorded.statusBarItems.push(record);
    return Object.assign(record, { show: () => (record.shown = true), hide: () => (record.shown = false), dispose: noop });
  },
  setStatusBarMessage: () => new Disposable(),
  showInformationMessage: message('info'),
  showWarningMessage: message('warning'),
  showErrorMessage: message('error'),
  withProgress: async (_options: unknown, task: (progress: unknown, token: unknown) => Promise<unknown>) =>
    task({ report: noop }, { onCancellationRequested: () => new Disposable(), isCancellationRequested: false }),
};

export const commands = {
  registerCommand: (id: string, handler: (...args: unknown[]) => unknown) => {
    recorded.commands.set(id, handler);
    return new Disposable(() => recorded.commands.delete(id));
  },
  executeCommand: async (id: string) => void recorded.executedCommands.push(id),
};

const trustGranted = new EventEmitter<void>();

export const workspace = {
  getConfiguration: () => ({ get: <T>(_key: string, fallback?: T) => fallback, inspect: () => undefined, update: async () => undefined }),
  onDidChangeConfiguration: () => new Disposable(),
  isTrusted: true,
  workspaceFolders: undefined as { uri: { scheme: string; fsPath: string } }[] | undefined,
  onDidGrantWorkspaceTrust: trustGranted.event,
};

/** The user trusts the folder (Restricted Mode ends). */
export function grantWorkspaceTrust(): void {
  workspace.isTrusted = true;
  trustGranted.fire();
}

export const ConfigurationTarget = { Global: 1, Workspace: 2, WorkspaceFolder: 3 };

export const authentication = { registerAuthenticationProvider: () => new Disposable(), getSession: async () => undefined };

/** The ExtensionContext activate() receives, running in the given extension host. */
export function extensionContext(extensionKind: number, globalStoragePath: string): Record<string, unknown> {
  return {
    subscriptions: [] as { dispose(): unknown }[],
    extension: { extensionKind },
    globalStorageUri: { fsPath: globalStoragePath },
    secrets: { get: async () => undefined, store: async () => undefined, delete: async () => undefined, onDidChange: new EventEmitter().event },
  };
}

/** Makes `require('vscode')` resolve to this module for the rest of the test, and resets what was recorded. */
export function useVscodeStandIn(t: Pick<TestContext, 'after'>): void {
  const loader = Module as unknown as { _resolveFilename(request: string, ...rest: unknown[]): string };
  const resolve = loader._resolveFilename;
  loader._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]) {
    return request === 'vscode' ? __filename : resolve.call(this, request, ...rest);
  };
  recorded.statusBarItems.length = 0;
  recorded.commands.clear();
  recorded.messages.length = 0;
  recorded.openedExternal.length = 0;
  recorded.executedCommands.length = 0;
  env.remoteName = undefined;
  user.answer = () => Promise.resolve(undefined);
  workspace.isTrusted = true;
  workspace.workspaceFolders = undefined;
  t.after(() => (loader._resolveFilename = resolve));
}
