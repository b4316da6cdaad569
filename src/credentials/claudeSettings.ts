// Claude Code's settings files, as far as signing in is concerned. Read from the CLI (2.1.112, cli.js `Ww`, `SW`):
// user `<configDir>/settings.json`; project `<folder>/.claude/settings.json` and `<folder>/.claude/settings.local.json`
// (the folder `claude` starts in — for us, each workspace folder); managed `managed-settings.json` and
// `managed-settings.d/*.json` in /etc/claude-code (Linux), /Library/Application Support/ClaudeCode (macOS),
// C:\Program Files\ClaudeCode (Windows). Managed settings win, then local, project, user.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ClaudeLocation } from './location';

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

/** Every settings file the CLI may read here, most important first (managed drop-ins are listed by `settingsFiles`). */
export async function settingsFiles(location: ClaudeLocation, projectFolders: readonly string[], platform: NodeJS.Platform): Promise<string[]> {
  const managed = managedSettingsDir(platform);
  const join = platform === 'win32' ? path.win32.join : path.posix.join;
  const dropIns = await fs
    .readdir(join(managed, 'managed-settings.d'))
    .then((names) => names.filter((name) => name.endsWith('.json')).sort().reverse().map((name) => join(managed, 'managed-settings.d', name)))
    .catch(() => []);
  return [
    join(managed, 'managed-settings.json'),
    ...dropIns,
    ...projectFolders.flatMap((folder) => [path.join(folder, '.claude', 'settings.local.json'), path.join(folder, '.claude', 'settings.json')]),
    path.join(location.configDir, 'settings.json'),
  ];
}

/** The top-level object of a settings file, or undefined when it is missing or not a JSON object. */
export async function readSettingsFile(file: string): Promise<Record<string, unknown> | undefined> {
  try {
    const parsed: unknown = JSON.parse(await fs.readFile(file, 'utf8'));
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The settings files among `files` that set an `apiKeyHelper` (a command Claude Code runs for its key). */
export async function filesWithApiKeyHelper(files: readonly string[]): Promise<string[]> {
  const settings = await Promise.all(files.map(readSettingsFile));
  return files.filter((_, i) => {
    const helper = settings[i]?.apiKeyHelper;
    return typeof helper === 'string' && helper.trim() !== '';
  });
}
