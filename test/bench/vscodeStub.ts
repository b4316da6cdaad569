// A minimal stand-in for the `vscode` module: what activate() and the first status bar render touch, and no more,
// so the activation bundle can be timed in a plain Node process. activateOnce.ts makes `require('vscode')` find it.
const noop = (): void => undefined;

// The plain classes are the unit tests' stand-in's (test/support/vscodeStandIn.ts): one copy of each.
export { Disposable, EventEmitter, ExtensionKind, MarkdownString, ThemeColor } from '../support/vscodeStandIn';
import { Disposable, EventEmitter, ExtensionKind } from '../support/vscodeStandIn';

export const StatusBarAlignment = { Left: 1, Right: 2 };
export const ProgressLocation = { SourceControl: 1, Window: 10, Notification: 15 };
export const Uri = { parse: (value: string) => ({ toString: () => value }) };
export const env = { remoteName: undefined, language: 'en', uiKind: 1 };
export const l10n = {
  t: (message: string | { message: string; args?: unknown[] }, ...args: unknown[]): string =>
    (typeof message === 'string' ? message : message.message).replace(/\{(\d+)\}/g, (_, index: string) => String((typeof message === 'string' ? args : (message.args ?? []))[Number(index)])),
};

let statusShown!: (text: string) => void;
/** Resolves with the status bar item's text the first time the extension shows it. */
export const firstStatusText = new Promise<string>((resolve) => (statusShown = resolve));

export const window = {
  createOutputChannel: () => ({ trace: noop, debug: noop, info: noop, warn: noop, error: noop, show: noop, dispose: noop }),
  createStatusBarItem: () => {
    const item = { text: '', show: () => statusShown(item.text), hide: noop, dispose: noop };
    return item;
  },
  setStatusBarMessage: () => new Disposable(),
  showInformationMessage: async () => undefined,
  showWarningMessage: async () => undefined,
  showErrorMessage: async () => undefined,
};

export const commands = { registerCommand: () => new Disposable(), executeCommand: async () => undefined };
export const workspace = {
  getConfiguration: () => ({ get: <T>(_key: string, fallback?: T) => fallback, inspect: () => undefined }),
  onDidChangeConfiguration: () => new Disposable(),
};
export const authentication = { registerAuthenticationProvider: () => new Disposable() };

/** The ExtensionContext activate() receives: subscriptions and an empty secret store. */
export function extensionContext(): { subscriptions: Disposable[]; secrets: object; globalStorageUri: { fsPath: string }; globalState: object; extension: object } {
  const state = new Map<string, unknown>();
  return {
    subscriptions: [],
    // Running in the workspace (remote) extension host, where the extension works.
    extension: { extensionKind: ExtensionKind.Workspace },
    globalState: { get: (key: string, fallback?: unknown) => state.get(key) ?? fallback, update: async (key: string, value: unknown) => void state.set(key, value), keys: () => [...state.keys()] },
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain value for the stub context
    globalStorageUri: { fsPath: require('node:path').join(require('node:os').tmpdir(), 'claude-remote-signin-bench-storage') },
    secrets: { get: async () => undefined, store: async () => undefined, delete: async () => undefined, onDidChange: new EventEmitter().event },
  };
}
