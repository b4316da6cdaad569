// Claude Code's settings files, as far as signing in is concerned. Read from the CLI (2.1.112; docs/claude-code-facts.md):
// user `<configDir>/settings.json`; project `<folder>/.claude/settings.json` and `<folder>/.claude/settings.local.json`
// (the folder `claude` starts in — for us, each workspace folder); managed `managed-settings.json` and
// `managed-settings.d/*.json` in /etc/claude-code (Linux), /Library/Application Support/ClaudeCode (macOS),
// C:\Program Files\ClaudeCode (Windows). Managed settings win, then local, project, user.
// 2.1.332 reads the drop-ins (`.json`, not starting with `.`) in name order after managed-settings.json, each
// overriding the one before; under WSL it also reads the Windows folder (through /mnt/c) when a Windows
// administrator opted in with `wslInheritsWindowsSettings`, and that folder then wins. It also reads the macOS MDM
// profile, the Windows registry and server-managed settings, which a file reader cannot see.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ClaudeLocation } from './location';
import { FILE_SIZE_LIMITS, readSmallFile, type SkippedFile } from './smallFile';

export function managedSettingsDir(platform: NodeJS.Platform): string {
  switch (platform) {
    case 'darwin':
      return '/Library/Application Support/ClaudeCode';
    case 'win32':
      return 'C:\\Program Files\\ClaudeCode';
    default:
      return '/etc/claude-code';
  }
}

/** The Windows managed-settings folder as WSL sees it (2.1.332). */
export const WSL_WINDOWS_MANAGED_SETTINGS_DIR = '/mnt/c/Program Files/ClaudeCode';

/** WSL as the CLI tells it: WSL_DISTRO_NAME or WSL_INTEROP set, or a kernel release naming Microsoft. */
export function isWsl(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, kernelRelease: string = os.release()): boolean {
  return platform === 'linux' && Boolean(env.WSL_DISTRO_NAME || env.WSL_INTEROP || /microsoft/i.test(kernelRelease));
}

/** A folder of managed settings files; `onlyWithWslOptIn`: read only when its files set wslInheritsWindowsSettings. */
export interface ManagedSettingsFolder {
  readonly dir: string;
  readonly onlyWithWslOptIn?: boolean;
}

/** The folders the CLI may read managed settings files from, most important first. */
export function managedSettingsDirs(platform: NodeJS.Platform, wsl: boolean): ManagedSettingsFolder[] {
  const own = { dir: managedSettingsDir(platform) };
  return wsl ? [{ dir: WSL_WINDOWS_MANAGED_SETTINGS_DIR, onlyWithWslOptIn: true }, own] : [own];
}

/** `managed-settings.json` and the drop-ins of one folder, in the order the CLI merges them (the last one wins). */
export async function managedSettingsFiles(dir: string): Promise<string[]> {
  const join = dir.includes('\\') ? path.win32.join : path.posix.join;
  const dropIns = await fs
    .readdir(join(dir, 'managed-settings.d'))
    .then((names) => names.filter((name) => name.endsWith('.json') && !name.startsWith('.')).sort().map((name) => join(dir, 'managed-settings.d', name)))
    .catch(() => []);
  return [join(dir, 'managed-settings.json'), ...dropIns];
}

/** Every settings file the CLI may read here, most important first. */
export async function settingsFiles(location: ClaudeLocation, projectFolders: readonly string[], platform: NodeJS.Platform): Promise<string[]> {
  const managed = await managedSettingsFiles(managedSettingsDir(platform));
  return [
    ...managed.reverse(),
    ...projectFolders.flatMap((folder) => [path.join(folder, '.claude', 'settings.local.json'), path.join(folder, '.claude', 'settings.json')]),
    path.join(location.configDir, 'settings.json'),
  ];
}

/** One settings file as read. */
export interface SettingsFileRead {
  readonly file: string;
  /** Its top-level object; absent when it is missing, unreadable, not JSON or not an object. */
  readonly settings?: Record<string, unknown>;
  /** It was not read at all: not a regular file (a repository can commit a link to /dev/zero), or over the cap. */
  readonly skipped?: SkippedFile;
}

export async function readSettingsFile(file: string): Promise<SettingsFileRead> {
  try {
    const read = await readSmallFile(file, FILE_SIZE_LIMITS.settings);
    if (read.state === 'skipped') return { file, skipped: { reason: read.reason, limitBytes: read.limitBytes } };
    if (read.state === 'missing') return { file };
    const parsed: unknown = JSON.parse(read.bytes.toString('utf8'));
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? { file, settings: parsed as Record<string, unknown> } : { file };
  } catch {
    return { file };
  }
}

export function readSettingsFiles(files: readonly string[]): Promise<SettingsFileRead[]> {
  return Promise.all(files.map(readSettingsFile));
}

/** The settings files that set an `apiKeyHelper` (a command Claude Code runs for its key). */
export function apiKeyHelperFiles(reads: readonly SettingsFileRead[]): string[] {
  return reads.filter(({ settings }) => typeof settings?.apiKeyHelper === 'string' && settings.apiKeyHelper.trim() !== '').map(({ file }) => file);
}

/** The settings files among `files` that set an `apiKeyHelper`. */
export async function filesWithApiKeyHelper(files: readonly string[]): Promise<string[]> {
  return apiKeyHelperFiles(await readSettingsFiles(files));
}

/** `forceLoginMethod`: the one kind of login Claude Code accepts on this machine. */
export type ForcedLoginMethod = 'claudeai' | 'console' | 'gateway';

/** What this machine's administrator pinned about signing in (managed settings only). */
export interface LoginPins {
  /** The settings file the pins come from, for messages. */
  readonly file?: string;
  readonly loginMethod?: ForcedLoginMethod;
  /**
   * `forceLoginOrgUUID`: the organizations a login must belong to (any one of them). `single` when the setting is
   * one UUID string: only then does the CLI name it to the sign-in page. An invalid value allows none.
   */
  readonly organizations?: { readonly uuids: readonly string[]; readonly single: boolean };
}

/**
 * The sign-in pins of the managed settings files in `folders` (most important first). As the CLI does, they come from
 * the most important source only: the first folder that holds any managed settings file; within it, from the last
 * file in merge order that sets each key.
 */
export async function readLoginPins(folders: readonly ManagedSettingsFolder[]): Promise<LoginPins> {
  for (const folder of folders) {
    const files = await managedSettingsFiles(folder.dir);
    const read = (await readSettingsFiles(files)).filter((entry) => entry.settings);
    if (read.length === 0) continue;
    if (folder.onlyWithWslOptIn && !read.some((entry) => entry.settings!.wslInheritsWindowsSettings === true)) continue;
    let pins: { -readonly [K in keyof LoginPins]: LoginPins[K] } = {};
    for (const { file, settings } of read) {
      const method = settings!.forceLoginMethod;
      if (method === 'claudeai' || method === 'console' || method === 'gateway') pins = { ...pins, loginMethod: method, file };
      if (settings!.forceLoginOrgUUID !== undefined) pins = { ...pins, organizations: organizationPin(settings!.forceLoginOrgUUID), file };
    }
    return pins;
  }
  return {};
}

function organizationPin(value: unknown): NonNullable<LoginPins['organizations']> {
  if (typeof value === 'string' && value.trim()) return { uuids: [value.trim()], single: true };
  if (Array.isArray(value) && value.every((uuid) => typeof uuid === 'string')) return { uuids: value.map((uuid: string) => uuid.trim()).filter(Boolean), single: false };
  return { uuids: [], single: false };
}

/** Whether a login of this organization is one the pins allow (the CLI compares without case). */
export function pinsAllowOrganization(pins: LoginPins, organizationUuid: string | undefined): boolean {
  if (!pins.organizations) return true;
  return organizationUuid !== undefined && pins.organizations.uuids.some((uuid) => uuid.toLowerCase() === organizationUuid.toLowerCase());
}
