// An event whose listeners run one after the other and are awaited: a sign-in is finished only once everyone who acts
// on it (the machine list, the container token) has, so the next read of the login sees their work.
import * as vscode from 'vscode';

export class AwaitedEvent<T> implements vscode.Disposable {
  private readonly listeners = new Set<(event: T) => Promise<void>>();

  readonly event = (listener: (event: T) => Promise<void>): vscode.Disposable => {
    this.listeners.add(listener);
    return new vscode.Disposable(() => this.listeners.delete(listener));
  };

  async fire(event: T): Promise<void> {
    for (const listener of [...this.listeners]) await listener(event);
  }

  dispose(): void {
    this.listeners.clear();
  }
}
