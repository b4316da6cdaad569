// Opening a container signs in: with the stored container token and no click when the user trusts the folder and
// the credentials file lands outside the source tree, otherwise with an offer that says why. A window in Restricted
// Mode never reads the token unless the user chooses it there. A container the token signed in gets it back when
// Claude Code blanks or deletes the login: one recovery at a time, on what is on disk then, written only if the file
// still is what the plan saw. The rules are machines/containerAutoSignIn.ts.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Engine } from '../engineAccess';
import type { ClaudeLocation } from '../../credentials/location';
import { followSymlinks } from '../../credentials/fileSystem';
import { readGlobalConfig } from '../../credentials/globalConfig';
import type { CredentialsReadResult } from '../../credentials/read';
import { describeError, type Log } from '../../logging/log';
import {
  mayWriteContainerToken,
  placeOfCredentials,
  planRecovery,
  type ConfigDirPlace,
  type LoginHere,
  type RecoveryPlan,
} from '../../machines/containerAutoSignIn';
import {
  containerTokenFromLogin,
  isUsableContainerToken,
  loginFromContainerToken,
  noteValidity,
  readContainerTokenValidity,
  readStoredContainerToken,
  storeContainerToken,
  type ContainerToken,
  type ContainerTokenValidity,
  type SecretStore,
} from '../../machines/containerToken';
import { isContainer, type MachineKind } from '../../machines/machineKind';
import { forgetMachine, machineId, recordMachine } from '../../machines/registry';
import { describeKeptAside } from '../words/loginStates';
import type { LoginSnapshot } from '../../login/loginMonitor';
import { loginStatus } from '../../login/loginStatus';
import { formatDate } from '../words/time';
import type { LoginKind, SignIns } from '../signIn/signIns';
import type { LoginModel } from '../status/loginModel';
import type { WriteLoginOptions } from '../../credentials/credentialStore';
import { readSettings, setContainerSignIn } from '../settings';
import { untrusted } from '../../logging/untrustedText';

/** Let Claude Code finish what it is doing with the file before we write it again. */
const WRITE_BACK_DELAY_MS = 1500;

/** What a container's sign-in needs of the login controller. */
export interface ContainerController {
  /** Fires whenever the login on disk has been re-read. */
  onDidChange(listener: (snapshot: LoginSnapshot) => void): vscode.Disposable;
  reload(): Promise<void>;
  readonly snapshotNow: LoginSnapshot;
  signIn(kind: LoginKind): Promise<unknown>;
}

/** What secret storage keeps, as far as this window may know: the token itself only once the folder is trusted. */
type KeptToken = ContainerTokenValidity & { readonly token?: ContainerToken };

export class MachineSignIns implements vscode.Disposable {
  private machineId: string | undefined;
  private controller: ContainerController | undefined;
  /** The container token this window knows the credentials file holds: put back when Claude Code loses it. */
  private tokenHere: string | undefined;
  /** When this window wrote it back (see planRecovery). */
  private writtenBack: number[] = [];
  /** A recovery is due once the file has been quiet for WRITE_BACK_DELAY_MS. */
  private recoveryTimer: NodeJS.Timeout | undefined;
  /** The one recovery running; `recoverAgain` when the file changed meanwhile (it is looked at once more after). */
  private recovering: Promise<void> | undefined;
  private recoverAgain = false;
  private disposed = false;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly secrets: SecretStore,
    private readonly log: Log,
    private readonly location: ClaudeLocation,
    readonly kind: MachineKind,
    private readonly loadEngine: () => typeof Engine,
    readonly hostLabel: string = os.hostname(),
  ) {}

  /** Computed on first use: hashing at activation would load node:crypto for nothing. */
  get id(): string {
    return (this.machineId ??= machineId(this.hostLabel, this.location.configDir));
  }

  /** After any successful sign-in here: remember the machine; keep a container token for the next containers. */
  async signedIn(signedIn: Engine.SignedIn, kind: LoginKind): Promise<void> {
    this.tokenHere = undefined;
    if (kind === 'container-token') {
      const token = containerTokenFromLogin(signedIn.login, Date.now());
      if (token) {
        await storeContainerToken(this.secrets, token);
        this.log.info('Stored the container token in VS Code’s secret storage for the next containers.');
        this.watch(token.accessToken);
        // Choosing "every container" is choosing the default for new containers (signInRemotely says so to the user).
        if (readSettings().containerSignIn !== 'containerToken') {
          await setContainerSignIn('containerToken');
        }
      }
    }
    await this.record(kind === 'container-token' ? 'container-token' : 'full', signedIn.login.expiresAt ?? undefined);
  }

  async signedOut(): Promise<void> {
    // Signed out on purpose: never put the token back.
    this.tokenHere = undefined;
    clearTimeout(this.recoveryTimer);
    await forgetMachine(this.secrets, this.id);
  }

  private record(method: 'full' | 'container-token', expiresAt: number | undefined): Promise<void> {
    return recordMachine(this.secrets, {
      id: this.id,
      kind: this.kind,
      hostLabel: this.hostLabel,
      configDir: this.location.configDir,
      method,
      signedInAt: Date.now(),
      expiresAt,
    });
  }

  /** In a container: sign in now if allowed, when trust is granted, and again whenever Claude Code loses the token. */
  async onContainerStartup(controller: ContainerController): Promise<void> {
    if (!isContainer(this.kind)) {
      return;
    }
    this.controller = controller;
    this.subscriptions.push(
      controller.onDidChange((snapshot) => this.loginChanged(snapshot)),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.log.info('The folder is trusted now.');
        void this.signInIfAllowed('trust_granted').catch((error) => this.log.error(`Container sign-in failed: ${describeError(error)}`));
      }),
    );
    await this.signInIfAllowed('startup');
  }

  /** At startup: sign in or say why not. When trust is granted: sign in if that was all that stood in the way. */
  private async signInIfAllowed(trigger: 'startup' | 'trust_granted'): Promise<void> {
    const controller = this.controller!;
    const setting = readSettings().containerSignIn;
    if (setting === 'off') {
      return;
    }
    await controller.reload();
    const { read, writtenAt } = controller.snapshotNow;
    const kept = await this.containerTokenKept();
    const status = loginStatus(read, Date.now(), writtenAt);
    const usable = status.kind === 'signed_in' && (status.canRefresh || (status.accessExpiresAt !== undefined && !status.accessExpired));
    if (usable) {
      if (kept?.token && status.login.accessToken === kept.token.accessToken) {
        this.watch(kept.token.accessToken);
      }
      if (trigger === 'startup') {
        this.log.info('Container already signed in; nothing to do.');
      }
      return;
    }
    const hasToken = kept !== undefined && isUsableContainerToken(kept, Date.now());
    const place = await this.credentialsPlace();
    const verdict = mayWriteContainerToken({ setting, hasToken, trusted: vscode.workspace.isTrusted, place });
    if (verdict.write) {
      // Trusted, so `kept` holds the token itself.
      if (kept?.token && (await this.writeToken(kept.token, 'Signed this container in with the stored container token'))) {
        void vscode.window.setStatusBarMessage(vscode.l10n.t('$(pass) Claude Code signed in automatically in this container'), 8000);
      } else if (trigger === 'startup') {
        // The write failed (logged): a sign-in may still work.
        await this.offer();
      }
      return;
    }
    this.log.info(`Not signing this container in by itself: ${verdict.reason}.`);
    if (trigger === 'trust_granted') {
      // The offer was made at startup; granting trust changes no other reason.
      return;
    }
    switch (verdict.reason) {
      case 'setting_off':
        return this.offerFullSignIn();
      case 'inside_workspace_folder':
      case 'inside_git_work_tree':
        return this.explainSourceTree(place, hasToken);
      case 'untrusted':
        return this.offerInRestrictedMode();
      case 'no_token':
        return kept && !isUsableContainerToken(kept, Date.now()) ? this.offerRenewal({ kind: 'offer_renewal', reason: 'expired' }, kept.expiresAt) : this.offer();
    }
  }

  /**
   * What secret storage keeps. Only a trusted window reads the token itself; one in Restricted Mode learns only until
   * when a token is kept, so the token never reaches this container unless the user chooses it here.
   */
  private async containerTokenKept(): Promise<KeptToken | undefined> {
    if (!vscode.workspace.isTrusted) {
      return readContainerTokenValidity(this.secrets);
    }
    const [token, validity] = await Promise.all([readStoredContainerToken(this.secrets), readContainerTokenValidity(this.secrets)]);
    if (token && validity?.expiresAt !== token.expiresAt) {
      // Kept by a version that did not note it: from now on a window in Restricted Mode knows one is kept.
      await noteValidity(this.secrets, token);
    }
    return token && { expiresAt: token.expiresAt, token };
  }

  /** The token, read because the user chose to use it in this window; undefined (and the offer instead) if none is usable. */
  private async tokenTheUserChose(): Promise<ContainerToken | undefined> {
    const token = await readStoredContainerToken(this.secrets);
    if (token && isUsableContainerToken(token, Date.now())) {
      return token;
    }
    await this.offer();
    return undefined;
  }

  /** Writes the container token where this container's Claude Code reads it (every other key kept, under the CLI's locks). */
  private async writeToken(
    token: ContainerToken,
    what: string,
    options: { record: boolean; ifCurrent?: WriteLoginOptions['ifCurrent'] } = { record: true },
  ): Promise<boolean> {
    try {
      const engine = this.loadEngine();
      const { result: written } = await engine.openCredentialStore(this.location).writeLogin(loginFromContainerToken(token), { ifCurrent: options.ifCurrent });
      if (!written.written) {
        this.log.info(`Not written: ${this.location.credentialsFile} changed since it was read; it is looked at again.`);
        return false;
      }
      if (written.keptAside) {
        this.log.warn(`Kept what could not be used (${written.keptAside.problem.kind}) at ${written.keptAside.path}.`);
        void vscode.window.showWarningMessage(describeKeptAside(this.location.credentialsFile, written.keptAside));
      }
      this.watch(token.accessToken);
      await engine.markOnboardingComplete(this.location).catch((error) => this.log.warn(`Could not mark onboarding complete: ${describeError(error)}`));
      if (options.record) {
        await this.record('container-token', token.expiresAt);
      }
      this.log.info(`${what} (${this.location.credentialsFile}).`);
      await this.controller?.reload();
      return true;
    } catch (error) {
      this.log.error(`Could not write the container token: ${describeError(error)}`);
      return false;
    }
  }

  private watch(accessToken: string): void {
    if (this.tokenHere !== accessToken) {
      this.writtenBack = [];
    }
    this.tokenHere = accessToken;
  }

  // ---- Putting the token back -------------------------------------------------------------------------------

  private loginHere(read: CredentialsReadResult): LoginHere {
    if (read.state === 'missing' || (read.state === 'ok' && !read.login)) return 'missing';
    if (read.state !== 'ok' || !read.login) return 'other';
    if (read.login.accessToken === '') return 'blanked';
    return read.login.accessToken === this.tokenHere ? 'container_token' : 'other';
  }

  private loginChanged(snapshot: LoginSnapshot): void {
    if (!this.tokenHere) {
      return;
    }
    const here = this.loginHere(snapshot.read);
    if (here === 'other' && snapshot.read.state === 'ok') {
      this.log.info('This container uses another login now; the container token will not be put back.');
      this.tokenHere = undefined;
    } else if (here === 'blanked' || here === 'missing') {
      this.recoverSoon();
    }
  }

  /** Once the file has been quiet for a moment: a burst of watcher events is one change. */
  private recoverSoon(): void {
    clearTimeout(this.recoveryTimer);
    if (!this.disposed) {
      this.recoveryTimer = setTimeout(() => this.startRecovery(), WRITE_BACK_DELAY_MS);
    }
  }

  /** Never two at once: a change seen while one runs is looked at after it, on what is on disk then. */
  private startRecovery(): void {
    if (this.recovering) {
      this.recoverAgain = true;
      return;
    }
    this.recovering = this.recover()
      .catch((error) => this.log.error(`Could not put the container token back: ${describeError(error)}`))
      .finally(() => {
        this.recovering = undefined;
        if (this.recoverAgain) {
          this.recoverAgain = false;
          this.recoverSoon();
        }
      });
  }

  /** Holds no user prompt: what it offers is left to the user while later recoveries go on. */
  private async recover(): Promise<void> {
    if (!this.controller || !this.tokenHere) {
      return;
    }
    await this.controller.reload();
    let login = this.loginHere(this.controller.snapshotNow.read);
    if (login === 'missing' && (await this.signedOutInClaude())) {
      login = 'signed_out_in_claude';
    }
    const kept = await this.containerTokenKept();
    const now = Date.now();
    const plan = planRecovery({
      setting: readSettings().containerSignIn,
      trusted: vscode.workspace.isTrusted,
      place: await this.credentialsPlace(),
      login,
      token: kept,
      writtenBack: this.writtenBack,
      now,
    });
    switch (plan.kind) {
      case 'nothing':
        if (plan.reason !== 'still_signed_in') {
          this.log.info(`Not putting the container token back: ${plan.reason}.`);
        }
        return;
      case 'write_back': {
        // Written only if the file still is what the plan saw: Claude Code may have written it since (a new blank).
        const planned = login;
        const written =
          kept?.token &&
          (await this.writeToken(kept.token, `Claude Code ${login === 'blanked' ? 'blanked' : 'removed'} the login here; wrote the container token back`, {
            record: false,
            ifCurrent: (current) => this.loginHere(current) === planned,
          }));
        if (written) {
          this.writtenBack = [...this.writtenBack, now].slice(-10);
        }
        return;
      }
      case 'offer_renewal':
        // Once: from here on the user decides — in their own time, so not awaited here.
        this.tokenHere = undefined;
        this.log.warn(`Not putting the container token back again (${plan.reason}); offering a new one.`);
        void this.offerRenewal(plan, kept!.expiresAt).catch((error) => this.log.error(`Renewal offer failed: ${describeError(error)}`));
        return;
    }
  }

  /** `claude /logout` removes the login and sets `hasCompletedOnboarding: false` (both pinned CLIs); nothing else does. */
  private async signedOutInClaude(): Promise<boolean> {
    const global = await readGlobalConfig(this.location.globalConfigFile);
    return global.state === 'ok' && global.config.hasCompletedOnboarding === false;
  }

  /**
   * Where a write of the credentials file really lands, against the open folders and any git tree: the config folder
   * as given and resolved through symlinks, and the end of `.credentials.json`'s own chain of links (followed the way
   * the write follows it, also when it ends in a file that does not exist yet) with its folder resolved.
   */
  private async credentialsPlace(): Promise<ConfigDirPlace> {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    const unique = (paths: string[]) => [...new Set(paths)];
    const file = path.resolve(this.location.credentialsFile);
    // A loop of links fails the write itself; the config folder still decides here.
    const target = await followSymlinks(file).catch(() => file);
    return placeOfCredentials(
      unique([this.location.configDir, realPathOf(this.location.configDir)]),
      target === file ? undefined : { file: target, dirs: unique([path.dirname(target), realPathOf(path.dirname(target))]) },
      unique([...folders, ...folders.map(realPathOf)]),
      (dir) => fs.existsSync(path.join(dir, '.git')),
    );
  }

  // ---- What the user is offered ----------------------------------------------------------------------------

  /**
   * No container token yet: both ways, explained in the message itself (a notification shows no `detail`). Three
   * buttons is what a notification shows without cutting their labels short.
   */
  private async offer(): Promise<void> {
    const every = vscode.l10n.t('Every Container');
    const full = vscode.l10n.t('Full Sign-In Here');
    const never = vscode.l10n.t('Don’t Ask Again');
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t(
        'Claude Code in this container is not signed in. Every container: one browser approval, then new containers sign in by themselves with a long-lived token that only runs claude (Remote Control and claude.ai connectors need a full sign-in). Full sign-in: everything works, in this container only.',
      ),
      every,
      full,
      never,
    );
    if (choice === never) {
      return this.stopAsking();
    }
    await this.signInAs(choice === every ? 'container-token' : choice === full ? 'full' : undefined);
  }

  /** `fullSignIn`: new containers offer a full sign-in, nothing else. */
  private async offerFullSignIn(): Promise<void> {
    const signIn = vscode.l10n.t('Sign In');
    const never = vscode.l10n.t('Don’t Ask Again');
    const choice = await vscode.window.showInformationMessage(vscode.l10n.t('Claude Code in this container is not signed in.'), signIn, never);
    if (choice === never) {
      return this.stopAsking();
    }
    await this.signInAs(choice === signIn ? 'full' : undefined);
  }

  private async offerInRestrictedMode(): Promise<void> {
    const useToken = vscode.l10n.t('Use the Container Token Here');
    const full = vscode.l10n.t('Full Sign-In Here');
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t(
        'This folder is in Restricted Mode, so Claude Code was not signed in here with the container token: any code in this container can read it. Trust the folder and this container signs in by itself, or choose now.',
      ),
      useToken,
      full,
    );
    if (choice === useToken) {
      const token = await this.tokenTheUserChose();
      if (token) {
        await this.writeToken(token, 'Signed this container in with the container token in Restricted Mode, as the user chose');
      }
    } else {
      await this.signInAs(choice === full ? 'full' : undefined);
    }
  }

  /** Never into the source tree by itself: say why, and let the user write it once. */
  private async explainSourceTree(place: ConfigDirPlace, hasToken: boolean): Promise<void> {
    const configDir = this.location.configDir;
    const message =
      place.kind === 'workspace_folder'
        ? vscode.l10n.t(
            'Claude Code’s folder {0} is inside the workspace folder {1}: a token written there can be committed, or synced to your computer through the mounted folder. This container was not signed in by itself. Set CLAUDE_CONFIG_DIR to a folder outside the source tree, such as a volume.',
            untrusted(configDir),
            untrusted(place.folder),
          )
        : vscode.l10n.t(
            'Claude Code’s folder {0} is inside the git working tree {1}: a token written there can be committed. This container was not signed in by itself. Set CLAUDE_CONFIG_DIR to a folder outside the source tree, such as a volume.',
            untrusted(configDir),
            untrusted(place.kind === 'git_work_tree' ? place.root : ''),
          );
    const writeOnce = vscode.l10n.t('Write It Here Once');
    const signInAnyway = vscode.l10n.t('Sign In Here Anyway');
    const warning = place.kind !== 'outside' && place.linkedFile ? this.explainLinkIntoSourceTree(place, place.linkedFile) : message;
    const choice = await vscode.window.showWarningMessage(warning, hasToken ? writeOnce : signInAnyway);
    if (choice === writeOnce) {
      const token = await this.tokenTheUserChose();
      if (token) {
        await this.writeToken(token, 'Wrote the container token into the source tree once, as the user chose');
      }
    } else if (choice === signInAnyway) {
      await this.signInAs('full');
    }
  }

  /** `.credentials.json` itself links into the source tree: name the link, where it ends, and the tree. */
  private explainLinkIntoSourceTree(place: Exclude<ConfigDirPlace, { kind: 'outside' }>, linkedFile: string): string {
    // Where a link ends is whatever the image or repository made it: text, never a link.
    const file = untrusted(this.location.credentialsFile);
    const target = untrusted(linkedFile);
    return place.kind === 'workspace_folder'
      ? vscode.l10n.t(
          'Claude Code’s credentials file {0} is a link to {1}, inside the workspace folder {2}: a token written there can be committed, or synced to your computer through the mounted folder. This container was not signed in by itself. Remove the link, or set CLAUDE_CONFIG_DIR to a folder outside the source tree, such as a volume.',
          file,
          target,
          untrusted(place.folder),
        )
      : vscode.l10n.t(
          'Claude Code’s credentials file {0} is a link to {1}, inside the git working tree {2}: a token written there can be committed. This container was not signed in by itself. Remove the link, or set CLAUDE_CONFIG_DIR to a folder outside the source tree, such as a volume.',
          file,
          target,
          untrusted(place.root),
        );
  }

  /** The token ran out or Claude Code keeps dropping it: one offer of a new one, instead of writing it in a loop. */
  private async offerRenewal(plan: Extract<RecoveryPlan, { kind: 'offer_renewal' }>, expiresAt: number): Promise<void> {
    const message =
      plan.reason === 'expired'
        ? vscode.l10n.t(
            'The container token has run out or is about to (valid until {0}). Renew it with one browser approval, and new containers sign in by themselves again.',
            formatDate(expiresAt),
          )
        : plan.reason === 'refused'
          ? vscode.l10n.t(
              'Claude Code dropped the container token again right after it was written back: the token was probably revoked. Renew it with one browser approval, or sign in fully in this container.',
            )
          : vscode.l10n.t(
              'The login in {0} keeps disappearing, so the container token is no longer written back. Renew the token, or sign in fully in this container.',
              untrusted(this.location.credentialsFile),
            );
    const renew = vscode.l10n.t('Renew the Container Token');
    const full = vscode.l10n.t('Full Sign-In Here');
    const choice = await vscode.window.showWarningMessage(message, renew, full);
    await this.signInAs(choice === renew ? 'container-token' : choice === full ? 'full' : undefined);
  }

  private async stopAsking(): Promise<void> {
    await setContainerSignIn('off');
    this.log.info('Containers will no longer offer sign-in (claudeRemoteSignIn.containerSignIn: off).');
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Containers will no longer offer to sign in. To change that, set {0} in your user settings.', 'claudeRemoteSignIn.containerSignIn'),
    );
  }

  private async signInAs(kind: LoginKind | undefined): Promise<void> {
    if (kind) {
      await this.controller?.signIn(kind);
    }
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.recoveryTimer);
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

/** `dir` through its symlinks, as far as it exists (a config folder not created yet resolves through its parent). */
function realPathOf(dir: string): string {
  const rest: string[] = [];
  for (let existing = dir; ; existing = path.dirname(existing)) {
    try {
      return path.join(fs.realpathSync.native(existing), ...rest.reverse());
    } catch {
      if (path.dirname(existing) === existing) return dir;
      rest.push(path.basename(existing));
    }
  }
}

/** What a container's sign-in sees of the login model and the sign-in command. */
export function containerControllerOf(model: LoginModel, signIns: SignIns): ContainerController {
  return {
    onDidChange: (listener) => model.onDidChange(({ state, change }) => change === 'reread' && listener(state.snapshot)),
    reload: () => model.reload(),
    get snapshotNow() {
      return model.current.snapshot;
    },
    signIn: (kind) => signIns.signIn(kind),
  };
}
