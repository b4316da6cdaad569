// Where Claude Code keeps its files for the user the extension host runs as.
import * as os from 'node:os';
import * as path from 'node:path';

export const CONFIG_DIR_ENV = 'CLAUDE_CONFIG_DIR';
export const CREDENTIALS_FILE_NAME = '.credentials.json';
export const GLOBAL_CONFIG_FILE_NAME = '.claude.json';

export interface ClaudeLocation {
  /** `$CLAUDE_CONFIG_DIR`, else `~/.claude`. */
  readonly configDir: string;
  /** `<configDir>/.credentials.json`. */
  readonly credentialsFile: string;
  /** `$CLAUDE_CONFIG_DIR/.claude.json` when the variable is set, else `~/.claude.json`. */
  readonly globalConfigFile: string;
  /** True when `CLAUDE_CONFIG_DIR` chose the directory. */
  readonly fromEnvironment: boolean;
}

export function resolveClaudeLocation(
  env: NodeJS.ProcessEnv = process.env,
  homeDir: string = os.homedir(),
): ClaudeLocation {
  const fromEnv = env[CONFIG_DIR_ENV]?.trim();
  const configDir = fromEnv ? path.resolve(fromEnv) : path.join(homeDir, '.claude');
  return {
    configDir,
    credentialsFile: path.join(configDir, CREDENTIALS_FILE_NAME),
    globalConfigFile: fromEnv
      ? path.join(configDir, GLOBAL_CONFIG_FILE_NAME)
      : path.join(homeDir, GLOBAL_CONFIG_FILE_NAME),
    fromEnvironment: Boolean(fromEnv),
  };
}
