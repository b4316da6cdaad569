// When a container may sign itself in with the container token, with no click, and when it may put the token back
// after Claude Code lost it. Pure rules of the facts, so each case is a table test
// (test/unit/containerAutoSignIn.test.ts); src/ui/containers/ gathers the facts and puts the answers into words.
// The token reaches every process in the container and cannot be taken back from there, so "no click" needs the
// user's trust in the folder and a config folder that is not part of the source tree.
import * as path from 'node:path';

/** `claudeRemoteSignIn.containerSignIn`: what a container without a login does. */
export type ContainerSignInSetting = 'containerToken' | 'fullSignIn' | 'off';

/** Where Claude Code's config folder is, as far as a token written there could leave the container. */
export type ConfigDirPlace =
  | { readonly kind: 'outside' }
  /** In an open workspace folder: in a dev container, the checkout mounted from the user's computer. */
  | { readonly kind: 'workspace_folder'; readonly folder: string; readonly linkedFile?: string }
  /** In a git working tree (a `.git` file or folder in it or above it): one `git add` from being committed. */
  | { readonly kind: 'git_work_tree'; readonly root: string; readonly linkedFile?: string };
// `linkedFile`: the config folder is outside, but `.credentials.json` is a symlink whose chain ends there, in the source
// tree (a postCreateCommand that links it into the checkout to survive rebuilds; a dotfiles repository under stow).

/**
 * `configDir` against the open folders, then up the tree for a `.git` entry (a folder, or the file a worktree or
 * submodule has). `paths` are the config folder as given and, when it differs, as resolved through symlinks.
 */
export function placeOfConfigDir(
  paths: readonly string[],
  workspaceFolders: readonly string[],
  hasGitEntry: (dir: string) => boolean,
): ConfigDirPlace {
  for (const configDir of paths) {
    const folder = workspaceFolders.find((candidate) => isInside(configDir, candidate));
    if (folder !== undefined) return { kind: 'workspace_folder', folder };
  }
  for (const configDir of paths) {
    for (let dir = path.resolve(configDir); ; dir = path.dirname(dir)) {
      if (hasGitEntry(dir)) return { kind: 'git_work_tree', root: dir };
      if (path.dirname(dir) === dir) break;
    }
  }
  return { kind: 'outside' };
}

/**
 * Where a write of the credentials file lands, as {@link placeOfConfigDir}: the config folder first (`configDirs`: as
 * given and resolved), then, when `.credentials.json` is a symlink, the folder its chain ends in (`link.dirs`: as
 * reached and resolved; the file there may not exist yet — the write creates it).
 */
export function placeOfCredentials(
  configDirs: readonly string[],
  link: { readonly file: string; readonly dirs: readonly string[] } | undefined,
  workspaceFolders: readonly string[],
  hasGitEntry: (dir: string) => boolean,
): ConfigDirPlace {
  const place = placeOfConfigDir(configDirs, workspaceFolders, hasGitEntry);
  if (place.kind !== 'outside' || !link) return place;
  const linked = placeOfConfigDir(link.dirs, workspaceFolders, hasGitEntry);
  return linked.kind === 'outside' ? linked : { ...linked, linkedFile: link.file };
}

/** `dir` is `folder` or below it. */
function isInside(dir: string, folder: string): boolean {
  const relative = path.relative(path.resolve(folder), path.resolve(dir));
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

/** Why the container token is not written without a click, most lasting first. */
export type NotAutomatic =
  /** The setting asks for a full sign-in on open, or nothing. */
  | 'setting_off'
  | 'inside_workspace_folder'
  | 'inside_git_work_tree'
  /** None stored, or too close to its end to hand out. */
  | 'no_token'
  /** Restricted Mode: granting trust is enough. */
  | 'untrusted';

export interface AutoSignInFacts {
  readonly setting: ContainerSignInSetting;
  /** A container token with enough time left is in secret storage. */
  readonly hasToken: boolean;
  /** `vscode.workspace.isTrusted`. */
  readonly trusted: boolean;
  readonly place: ConfigDirPlace;
}

export type AutoSignInVerdict = { readonly write: true } | { readonly write: false; readonly reason: NotAutomatic };

/**
 * May the container token be written here with no click? The source-tree reasons come before the missing token and
 * trust: no grant of trust makes them go away, so they are what the user must hear about.
 */
export function mayWriteContainerToken(facts: AutoSignInFacts): AutoSignInVerdict {
  if (facts.setting !== 'containerToken') return { write: false, reason: 'setting_off' };
  if (facts.place.kind === 'workspace_folder') return { write: false, reason: 'inside_workspace_folder' };
  if (facts.place.kind === 'git_work_tree') return { write: false, reason: 'inside_git_work_tree' };
  if (!facts.hasToken) return { write: false, reason: 'no_token' };
  if (!facts.trusted) return { write: false, reason: 'untrusted' };
  return { write: true };
}

/** What the credentials file holds now, seen from a container the container token signed in. */
export type LoginHere =
  | 'container_token'
  /** What the CLI leaves after the server refused the login: `accessToken: ""`, `expiresAt: 0`. */
  | 'blanked'
  /** No file, or no login in it. */
  | 'missing'
  /**
   * No file, and the CLI's global config says onboarding is not complete: what `claude /logout` leaves (it deletes
   * the file and sets `hasCompletedOnboarding: false`; we set it true when we write). The user signed out on purpose.
   */
  | 'signed_out_in_claude'
  /** Another login (the user signed in otherwise), or a file we leave alone. */
  | 'other';

/** Blanked again this soon after we wrote the token back: the CLI is telling us the token no longer works. */
export const REFUSED_WITHIN_MS = 5 * 60_000;
/** At most this many write-backs within {@link WRITE_BACK_WINDOW_MS}; then the loss is something to tell the user. */
export const MAX_WRITE_BACKS = 3;
export const WRITE_BACK_WINDOW_MS = 10 * 60_000;

export interface RecoveryFacts extends Omit<AutoSignInFacts, 'hasToken'> {
  readonly login: LoginHere;
  /** The container token in secret storage, whatever its time left; undefined once the user removed it. */
  readonly token: { readonly expiresAt: number } | undefined;
  /** When this window wrote the token back, oldest first (the first write at startup is not one). */
  readonly writtenBack: readonly number[];
  readonly now: number;
}

export type RecoveryPlan =
  | {
      readonly kind: 'nothing';
      readonly reason: 'still_signed_in' | 'signed_in_otherwise' | 'signed_out_in_claude' | 'token_removed' | NotAutomatic;
    }
  | { readonly kind: 'write_back' }
  /** Writing it back would not help: say so once and offer a new token, instead of writing in a loop. */
  | { readonly kind: 'offer_renewal'; readonly reason: 'expired' | 'refused' | 'keeps_disappearing' };

/** Claude Code blanked or deleted the login of a container the container token signed in: put it back? */
export function planRecovery(facts: RecoveryFacts): RecoveryPlan {
  if (facts.login === 'container_token') return { kind: 'nothing', reason: 'still_signed_in' };
  if (facts.login === 'other') return { kind: 'nothing', reason: 'signed_in_otherwise' };
  if (facts.login === 'signed_out_in_claude') return { kind: 'nothing', reason: 'signed_out_in_claude' };
  if (!facts.token) return { kind: 'nothing', reason: 'token_removed' };
  // Writing back follows the same rules as the first write (a token near its end is still worth putting back).
  const verdict = mayWriteContainerToken({ ...facts, hasToken: true });
  if (!verdict.write) return { kind: 'nothing', reason: verdict.reason };
  if (facts.token.expiresAt <= facts.now) return { kind: 'offer_renewal', reason: 'expired' };
  const last = facts.writtenBack.at(-1);
  if (facts.login === 'blanked' && last !== undefined && facts.now - last < REFUSED_WITHIN_MS) {
    return { kind: 'offer_renewal', reason: 'refused' };
  }
  const recent = facts.writtenBack.filter((at) => facts.now - at < WRITE_BACK_WINDOW_MS).length;
  if (recent >= MAX_WRITE_BACKS) return { kind: 'offer_renewal', reason: 'keeps_disappearing' };
  return { kind: 'write_back' };
}
