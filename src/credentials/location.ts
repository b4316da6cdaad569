// Where Claude Code keeps its files for the user the extension host runs as — read exactly as the CLI reads it
// (2.1.112; docs/claude-code-facts.md): `(process.env.CLAUDE_CONFIG_DIR ?? join(homedir(), ".claude")).normalize("NFC")` for the
// folder — no trimming, no `~` expansion, no resolving against any folder — and
// `join(process.env.CLAUDE_CONFIG_DIR || homedir(), ".claude.json")` for the global config, unless
// `<configDir>/.config.json` exists (an older name the CLI still prefers).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const CONFIG_DIR_ENV = 'CLAUDE_CONFIG_DIR';
/**
 * Moves `.credentials.json`, its write lock and the refresh lock (and the Keychain service's suffix) out of the config
 * folder (Claude Code 2.1.332); set but empty means `~/.claude`. `.claude.json` and the rest stay in the config folder.
 */
export const SECURE_STORAGE_DIR_ENV = 'CLAUDE_SECURESTORAGE_CONFIG_DIR';
export const CREDENTIALS_FILE_NAME = '.credentials.json';
export const GLOBAL_CONFIG_FILE_NAME = '.claude.json';
/** The global config's older name inside the config folder; the CLI uses it when it exists. */
export const LEGACY_GLOBAL_CONFIG_FILE_NAME = '.config.json';

export interface ClaudeLocation {
  /** `$CLAUDE_CONFIG_DIR` as set (NFC), else `~/.claude`. */
  readonly configDir: string;
  /** Where the credentials file and its locks live: `$CLAUDE_SECURESTORAGE_CONFIG_DIR` (NFC) when set, else `configDir`. */
  readonly secureStorageDir: string;
  /** `<secureStorageDir>/.credentials.json`. */
  readonly credentialsFile: string;
  /** `$CLAUDE_CONFIG_DIR/.claude.json` when the variable is set (and not empty), else `~/.claude.json`. */
  readonly globalConfigFile: string;
  /** True when `CLAUDE_CONFIG_DIR` chose the directory. */
  readonly fromEnvironment: boolean;
  /**
   * `CLAUDE_CONFIG_DIR` is relative (`.claude`, `~/.claude`, or empty): the CLI resolves it against the folder it is
   * started in, so there is no one place to sign in. We neither read nor write then, and say so.
   */
  readonly configDirIsRelative: boolean;
}

/** `paths`: the platform's path rules (path.win32 for Windows semantics in tests); this machine's by default. */
export function resolveClaudeLocation(
  env: NodeJS.ProcessEnv = process.env,
  homeDir: string = os.homedir(),
  paths: path.PlatformPath = path,
): ClaudeLocation {
  const fromEnv = env[CONFIG_DIR_ENV];
  const configDir = (fromEnv ?? paths.join(homeDir, '.claude')).normalize('NFC');
  const legacyGlobalConfig = paths.join(configDir, LEGACY_GLOBAL_CONFIG_FILE_NAME);
  const secureStorage = env[SECURE_STORAGE_DIR_ENV];
  const secureStorageDir = secureStorage !== undefined ? (secureStorage || paths.join(homeDir, '.claude')).normalize('NFC') : configDir;
  const configDirIsRelative = !paths.isAbsolute(configDir) || !paths.isAbsolute(secureStorageDir);
  return {
    configDir,
    secureStorageDir,
    credentialsFile: paths.join(secureStorageDir, CREDENTIALS_FILE_NAME),
    globalConfigFile:
      !configDirIsRelative && fs.existsSync(legacyGlobalConfig)
        ? legacyGlobalConfig
        : paths.join(fromEnv || homeDir, GLOBAL_CONFIG_FILE_NAME),
    fromEnvironment: fromEnv !== undefined,
    configDirIsRelative,
  };
}

/** Thrown before touching a file of a location whose config folder is relative (see `configDirIsRelative`). */
export class RelativeConfigDirError extends Error {
  override readonly name = 'RelativeConfigDirError';
  constructor(readonly configDir: string) {
    super(`${CONFIG_DIR_ENV} is the relative path "${configDir}": Claude Code resolves it against the folder it starts in.`);
  }
}

export function assertUsableLocation(location: ClaudeLocation): void {
  if (location.configDirIsRelative) throw new RelativeConfigDirError(location.configDir);
}
