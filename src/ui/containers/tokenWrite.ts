// Writing the container token where this container's Claude Code reads it (every other key kept, under the CLI's
// locks), and remembering that it is there, so that recovery.ts can put it back when Claude Code loses it.
import * as vscode from 'vscode';
import type { ClaudeLocation } from '../../credentials/location';
import { describeError, type Log } from '../../logging/log';
import { loginFromContainerToken, type ContainerToken, type SecretStore } from '../../machines/containerToken';
import type { Engine } from '../engineAccess';
import type { LoginModel } from '../status/loginModel';
import { describeKeptAside } from '../words/loginStates';
import type { ContainerOffers } from './offers';
import type { ThisMachine } from './thisMachine';

/** What startup.ts and recovery.ts work with. */
export interface ContainerParts {
  readonly log: Log;
  readonly location: ClaudeLocation;
  readonly secrets: SecretStore;
  readonly model: LoginModel;
  readonly tokenHere: TokenHere;
  readonly writer: ContainerTokenWriter;
  readonly offers: ContainerOffers;
}

/** The container token this window knows the credentials file holds, and when this window wrote it back. */
export class TokenHere {
  accessToken: string | undefined;
  /** When this window wrote it back (see planRecovery). */
  writtenBack: number[] = [];

  watch(accessToken: string): void {
    if (this.accessToken !== accessToken) {
      this.writtenBack = [];
    }
    this.accessToken = accessToken;
  }

  /** Never put it back (signed out on purpose, another login, or the user decides from here on). */
  forget(): void {
    this.accessToken = undefined;
  }
}

export class ContainerTokenWriter {
  constructor(
    private readonly log: Log,
    private readonly location: ClaudeLocation,
    private readonly loadEngine: () => typeof Engine,
    private readonly model: LoginModel,
    private readonly tokenHere: TokenHere,
    private readonly machine: ThisMachine,
  ) {}

  /** Writes the token; `what` says why, in the log. False when it failed (logged). */
  async write(token: ContainerToken, what: string, options: { record: boolean } = { record: true }): Promise<boolean> {
    try {
      const engine = this.loadEngine();
      const { result: written } = await engine.openCredentialStore(this.location).writeLogin(loginFromContainerToken(token));
      if (written.written && written.keptAside) {
        this.log.warn(`Kept what could not be used (${written.keptAside.problem.kind}) at ${written.keptAside.path}.`);
        void vscode.window.showWarningMessage(describeKeptAside(this.location.credentialsFile, written.keptAside));
      }
      this.tokenHere.watch(token.accessToken);
      await engine.markOnboardingComplete(this.location).catch((error) => this.log.warn(`Could not mark onboarding complete: ${describeError(error)}`));
      if (options.record) {
        await this.machine.record('container-token', token.expiresAt);
      }
      this.log.info(`${what} (${this.location.credentialsFile}).`);
      await this.model.reload();
      return true;
    } catch (error) {
      this.log.error(`Could not write the container token: ${describeError(error)}`);
      return false;
    }
  }
}
