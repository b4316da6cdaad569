// A stand-in for macOS's `security` tool (no Mac here), reproducing what the store relies on: its exit codes — the
// low byte of the OSStatus: 44 errSecItemNotFound, 36 errSecInteractionNotAllowed (a locked keychain, e.g. over
// SSH) — `find-generic-password -w` printing the secret (as hex when it is not printable text), `-i` reading
// commands from stdin and, like the real one, exiting 0 even when a command in it failed.
import type { CommandResult, RunCommand } from '../../src/engine/store/keychain';

export interface SecurityStandIn {
  readonly run: RunCommand;
  /** Items by `service|account`, as the secret bytes' text. */
  readonly items: Map<string, string>;
  /** A locked keychain refuses every read and write with 36. */
  locked: boolean;
  /** Every argv `security` was called with (to check no secret ever went into one). */
  readonly argvSeen: string[][];
}

const NOT_FOUND = 44;
const INTERACTION_NOT_ALLOWED = 36;

export function securityStandIn(): SecurityStandIn {
  const items = new Map<string, string>();
  const argvSeen: string[][] = [];
  const standIn: SecurityStandIn = { run, items, locked: false, argvSeen };

  function option(args: readonly string[], flag: string): string | undefined {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  }
  const result = (code: number, stdout = '', stderr = ''): CommandResult => ({ code, stdout, stderr });
  const locked = (what: string): CommandResult => result(INTERACTION_NOT_ALLOWED, '', `security: ${what}: User interaction is not allowed.\n`);

  function command(args: readonly string[]): CommandResult {
    const [verb, ...rest] = args;
    const key = `${option(rest, '-s')}|${option(rest, '-a')}`;
    switch (verb) {
      case 'find-generic-password': {
        if (standIn.locked && rest.includes('-w')) return locked('SecKeychainItemCopyContent');
        const secret = items.get(key);
        if (secret === undefined) return result(NOT_FOUND, '', 'security: SecKeychainSearchCopyNext: The specified item could not be found in the keychain.\n');
        if (!rest.includes('-w')) return result(0, `keychain: "/Users/dev/Library/Keychains/login.keychain-db"\nclass: "genp"\nattributes:\n    "svce"<blob>="${option(rest, '-s')}"\n`);
        return result(0, `${/^[\x20-\x7e]*$/.test(secret) ? secret : Buffer.from(secret, 'utf8').toString('hex')}\n`);
      }
      case 'add-generic-password': {
        if (standIn.locked) return locked('SecKeychainItemCreateFromContent (<default>)');
        const hex = option(rest, '-X');
        const secret = hex !== undefined ? Buffer.from(hex, 'hex').toString('utf8') : option(rest, '-w');
        if (secret === undefined) return result(2, '', 'usage: add-generic-password …\n');
        if (items.has(key) && !rest.includes('-U')) return result(45, '', 'security: SecKeychainItemCreateFromContent (<default>): The specified item already exists in the keychain.\n');
        items.set(key, secret);
        return result(0);
      }
      case 'delete-generic-password': {
        if (standIn.locked) return locked('SecKeychainItemDelete');
        if (!items.delete(key)) return result(NOT_FOUND, '', 'security: SecKeychainSearchCopyNext: The specified item could not be found in the keychain.\n');
        return result(0, 'password has been deleted.\n');
      }
      default:
        return result(1, '', `security: unknown command "${verb}"\n`);
    }
  }

  async function run(program: string, args: readonly string[], options: { readonly input?: string } = {}): Promise<CommandResult> {
    if (program !== 'security') throw Object.assign(new Error(`spawn ${program} ENOENT`), { code: 'ENOENT' });
    argvSeen.push([...args]);
    if (args[0] !== '-i') return command(args);
    // Interactive mode: one command per line, words split on spaces, double quotes group; always exits 0.
    let stderr = '';
    for (const line of (options.input ?? '').split('\n').filter(Boolean)) {
      const words = [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
      stderr += command(words).stderr;
    }
    return result(0, '', stderr);
  }
  return standIn;
}
