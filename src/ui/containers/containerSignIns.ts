// Containers and the machine list, put together: after a sign-in here this machine is recorded and a container token
// kept for the next containers; in a container, startup.ts signs in and recovery.ts puts the token back when Claude
// Code loses it. The rules are machines/containerAutoSignIn.ts; the words are offers.ts.
import * as vscode from 'vscode';
import type { ClaudeLocation } from '../../credentials/location';
import type { Log } from '../../logging/log';
import { containerTokenFromLogin, storeContainerToken, type SecretStore } from '../../machines/containerToken';
import { isContainer, type MachineKind } from '../../machines/machineKind';
import type { Engine } from '../engineAccess';
import { readSettings, setContainerSignIn } from '../settings';
import type { SignedInHere, SignIns } from '../signIn/signIns';
import type { LoginModel } from '../status/loginModel';
import { ContainerOffers } from './offers';
import { ContainerRecovery } from './recovery';
import { ContainerStartup } from './startup';
import { ThisMachine } from './thisMachine';
import { ContainerTokenWriter, TokenHere } from './tokenWrite';

export class ContainerSignIns implements vscode.Disposable {
  readonly machine: ThisMachine;
  private readonly tokenHere = new TokenHere();
  private readonly recovery: ContainerRecovery;
  private readonly startup: ContainerStartup;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly secrets: SecretStore,
    private readonly log: Log,
    location: ClaudeLocation,
    kind: MachineKind,
    loadEngine: () => typeof Engine,
    model: LoginModel,
    signIns: SignIns,
  ) {
    this.machine = new ThisMachine(secrets, location, kind);
    const writer = new ContainerTokenWriter(log, location, loadEngine, model, this.tokenHere, this.machine);
    const offers = new ContainerOffers(log, location, signIns, writer);
    const parts = { log, location, secrets, model, tokenHere: this.tokenHere, writer, offers };
    this.recovery = new ContainerRecovery(parts);
    this.startup = new ContainerStartup(parts);
    this.subscriptions.push(
      this.recovery,
      this.startup,
      signIns.onDidSignIn((event) => this.signedIn(event)),
      signIns.onDidSignOut(async () => {
        this.recovery.stop();
        await this.machine.forget();
      }),
    );
  }

  /** After any successful sign-in here: keep a container token for the next containers; remember the machine. */
  private async signedIn({ signedIn, kind }: SignedInHere): Promise<void> {
    this.tokenHere.forget();
    if (kind === 'container-token') {
      const token = containerTokenFromLogin(signedIn.login, Date.now());
      if (token) {
        await storeContainerToken(this.secrets, token);
        this.log.info('Stored the container token in VS Code’s secret storage for the next containers.');
        this.tokenHere.watch(token.accessToken);
        // Choosing "every container" is choosing the default for new containers (signInRemotely says so to the user).
        if (readSettings().containerSignIn !== 'containerToken') {
          await setContainerSignIn('containerToken');
        }
      }
    }
    await this.machine.record(kind === 'container-token' ? 'container-token' : 'full', signedIn.login.expiresAt ?? undefined);
  }

  /** In a container: sign in now if allowed, when trust is granted, and again whenever Claude Code loses the token. */
  async start(): Promise<void> {
    if (!isContainer(this.machine.kind)) {
      return;
    }
    this.subscriptions.push(this.recovery.start());
    await this.startup.start();
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
