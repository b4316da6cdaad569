// macOS: Claude Code keeps its credentials (the whole `.credentials.json` object) in a Keychain item and, when that
// item exists, ignores the credentials file. Everything goes through the `security` tool, the same way the CLI does
// it (2.1.112, its "keychain" store; docs/claude-code-facts.md), behind an injectable command runner. `security` exits with the low
// byte of the OSStatus: 44 is errSecItemNotFound (-25300), 36 errSecInteractionNotAllowed (-25308: a locked
// keychain, e.g. in an SSH session).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as os from 'node:os';
import { SECURE_STORAGE_DIR_ENV } from '../../credentials/location';

/** The CLI's service name without `CLAUDE_CONFIG_DIR`. */
export const KEYCHAIN_SERVICE = 'Claude Code-credentials';
/** What the CLI uses when it cannot tell who the user is. */
const FALLBACK_ACCOUNT = 'claude-code-user';
/** `security find-generic-password` exits with this when there is no such item (errSecItemNotFound). */
const ITEM_NOT_FOUND_EXIT = 44;
/**
 * The longest `security -i` line we send, newline included: the CLI's own limit, under the 4095 characters the
 * tool reads per line (SecurityTool readline.c). Beyond it the secret goes as an argument.
 */
export const SECURITY_STDIN_LINE_LIMIT = 4032;
const COMMAND_TIMEOUT_MS = 10_000;

export interface CommandResult {
  /** Exit code; `null` when the command was killed (e.g. it timed out). */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a program without a shell. `input` is written to its stdin. Rejects only when it cannot start. */
export type RunCommand = (
  command: string,
  args: readonly string[],
  options?: { readonly input?: string },
) => Promise<CommandResult>;

/**
 * The Keychain service the CLI uses. Pass `CLAUDE_CONFIG_DIR` exactly as it is set: the CLI hashes the raw value
 * (NFC-normalized), not a resolved path, so `~/x` and `/Users/me/x` name different items.
 */
export function keychainServiceName(configDir?: string): string {
  if (!configDir) return KEYCHAIN_SERVICE;
  const suffix = createHash('sha256').update(configDir.normalize('NFC')).digest('hex').slice(0, 8);
  return `${KEYCHAIN_SERVICE}-${suffix}`;
}

/**
 * The service for this environment (2.1.332): `CLAUDE_SECURESTORAGE_CONFIG_DIR` when set decides alone (its value
 * hashed as given; set but empty → no suffix); otherwise `CLAUDE_CONFIG_DIR` as before.
 */
export function keychainServiceFor(env: NodeJS.ProcessEnv): string {
  const secureStorage = env[SECURE_STORAGE_DIR_ENV];
  return keychainServiceName(secureStorage !== undefined ? secureStorage : env.CLAUDE_CONFIG_DIR);
}

/**
 * The Keychain account the CLI uses: `$USER`, else the OS user name — and `claude-code-user` when that has a
 * character outside `[A-Za-z0-9._-]` (2.1.332).
 */
export function keychainAccountName(env: NodeJS.ProcessEnv): string {
  let name: string;
  try {
    name = env.USER || os.userInfo().username;
  } catch {
    return FALLBACK_ACCOUNT;
  }
  return /^[a-zA-Z0-9._-]+$/.test(name) ? name : FALLBACK_ACCOUNT;
}

export type KeychainLookup = { readonly state: 'present' | 'absent' } | { readonly state: 'unknown'; readonly cause: string };

/** Whether the item exists. Without `-w`, `security` prints the item's attributes only, never the secret. */
export async function findKeychainItem(run: RunCommand, service: string, account: string): Promise<KeychainLookup> {
  let result: CommandResult;
  try {
    result = await run('security', ['find-generic-password', '-s', service, '-a', account]);
  } catch (err) {
    return { state: 'unknown', cause: startErrorCode(err) };
  }
  if (result.code === 0) return { state: 'present' };
  if (result.code === ITEM_NOT_FOUND_EXIT) return { state: 'absent' };
  return { state: 'unknown', cause: exitCause(result) };
}

/** The item's secret, as `security -w` prints it: the text itself, or its hex when `security` deems it binary. */
export type KeychainRead =
  | { readonly state: 'present'; readonly secret: string }
  | { readonly state: 'absent' }
  /** Locked (36), or `security` failed or is missing: the CLI then reads the file. */
  | { readonly state: 'unavailable'; readonly cause: string };

export async function readKeychainItem(run: RunCommand, service: string, account: string): Promise<KeychainRead> {
  let result: CommandResult;
  try {
    result = await run('security', ['find-generic-password', '-a', account, '-w', '-s', service]);
  } catch (err) {
    return { state: 'unavailable', cause: startErrorCode(err) };
  }
  if (result.code === ITEM_NOT_FOUND_EXIT) return { state: 'absent' };
  if (result.code !== 0) return { state: 'unavailable', cause: exitCause(result) };
  return { state: 'present', secret: decodeSecret(result.stdout.replace(/\r?\n$/, '')) };
}

/** Removes the item. True when it is gone (also when there was none). */
export async function deleteKeychainItem(run: RunCommand, service: string, account: string): Promise<boolean> {
  try {
    const result = await run('security', ['delete-generic-password', '-a', account, '-s', service]);
    return result.code === 0 || result.code === ITEM_NOT_FOUND_EXIT;
  } catch {
    return false;
  }
}

/** `security -w` prints a secret it considers binary as hex; JSON written with `-X` may come back either way. */
function decodeSecret(printed: string): string {
  if (/^(?:[0-9a-f]{2})+$/i.test(printed)) {
    const decoded = Buffer.from(printed, 'hex').toString('utf8');
    if (decoded.trimStart().startsWith('{')) return decoded;
  }
  return printed;
}

export type KeychainUpdateResult =
  | { readonly updated: true; readonly via: 'stdin' | 'arguments' }
  | {
      readonly updated: false;
      /**
       * `unsafe_name`: service or account holds a quote, backslash or control character.
       * `command_failed`: `security` could not start (E2BIG: too large even for its arguments) or exited non-zero.
       * `not_verified`: `security` reported success, but reading the item back gave something else.
       */
      readonly reason: 'unsafe_name' | 'command_failed' | 'not_verified';
      readonly cause?: string;
    };

/**
 * Creates or replaces (`-U`) the Keychain item with `secretJson`, the way the CLI writes it: hex (`-X`), sent as a
 * command on `security -i`'s stdin so the secret stays out of any process's arguments. `security -i` reads a line
 * into a 4096-byte buffer and runs a longer one cut in two — a cut secret, then the rest as a bogus command — so an
 * item over {@link SECURITY_STDIN_LINE_LIMIT} (about 2 KB of JSON: one MCP server's tokens) is passed as an argument
 * instead, as the CLI did (2.1.112) before it learnt to spill into overflow items. That beats every alternative: a
 * cut item, losing keys, or a plaintext file. Only this user's processes and root can read it meanwhile: macOS's
 * KERN_PROCARGS2, what `ps` reads, refuses another user's process (xnu bsd/kern/kern_sysctl.c), and `security` runs
 * for milliseconds. `security -i` does not reliably report a failed command in its exit code, so the item is read
 * back and compared before saying yes.
 */
export async function updateKeychainItem(
  run: RunCommand,
  service: string,
  account: string,
  secretJson: string,
): Promise<KeychainUpdateResult> {
  if (!isSafeName(service) || !isSafeName(account)) return { updated: false, reason: 'unsafe_name' };
  const hex = Buffer.from(secretJson, 'utf8').toString('hex');
  const line = `add-generic-password -U -a "${account}" -s "${service}" -X "${hex}"\n`;
  const via = line.length <= SECURITY_STDIN_LINE_LIMIT ? 'stdin' : 'arguments';

  let written: CommandResult;
  try {
    written =
      via === 'stdin'
        ? await run('security', ['-i'], { input: line })
        : await run('security', ['add-generic-password', '-U', '-a', account, '-s', service, '-X', hex]);
  } catch (err) {
    return { updated: false, reason: 'command_failed', cause: startErrorCode(err) };
  }
  if (written.code !== 0) return { updated: false, reason: 'command_failed', cause: exitCause(written) };

  // `-w` prints the secret to our pipe only; this is how the CLI itself reads the item.
  let readBack: CommandResult;
  try {
    readBack = await run('security', ['find-generic-password', '-a', account, '-s', service, '-w']);
  } catch (err) {
    return { updated: false, reason: 'not_verified', cause: startErrorCode(err) };
  }
  const stored = readBack.stdout.replace(/\r?\n$/, '');
  if (readBack.code !== 0) return { updated: false, reason: 'not_verified', cause: exitCause(readBack) };
  if (stored !== secretJson && stored !== hex) return { updated: false, reason: 'not_verified' };
  return { updated: true, via };
}

/** The real `security` (or any program), without a shell, killed after {@link COMMAND_TIMEOUT_MS}. */
export const spawnCommand: RunCommand = (command, args, options = {}) =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], timeout: COMMAND_TIMEOUT_MS });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    // The program may exit before reading its input; that is its answer, not our error.
    child.stdin.on('error', () => undefined);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });

// `security -i` splits its input line on spaces and understands double quotes; nothing else may break out of them.
function isSafeName(name: string): boolean {
  return name !== '' && !/["\\\p{Cc}]/u.test(name);
}

function exitCause(result: CommandResult): string {
  return result.code === null ? 'killed' : `exit ${result.code}`;
}

function startErrorCode(err: unknown): string {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : 'spawn_failed';
}
