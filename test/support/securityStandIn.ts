// A stand-in for macOS's `security` tool (no Mac here), reproducing what the store relies on: its exit codes — the
// low byte of the OSStatus: 44 errSecItemNotFound, 36 errSecInteractionNotAllowed (a locked keychain, e.g. over
// SSH) — `find-generic-password -w` printing the secret (as hex when it is not printable text), and `-i` reading
// commands from stdin the way Apple's SecurityTool does (security.c, readline.c):
// - each line goes into a 4096-byte buffer: at most 4095 characters; a longer line is cut there, the cut part runs
//   as a command (a cut `-X` hex string stores a cut secret), and the rest is read as the next command;
// - a last line without a newline is never run;
// - words split on white space, double or single quotes group, a backslash escapes the next character;
// - the exit code is the last command's result, whatever happened before it.
// Arguments longer than macOS's ARG_MAX make the spawn itself fail with E2BIG.
import { createCipheriv, randomBytes } from 'node:crypto';
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
/** SecurityTool's MAX_LINE_LEN: the line buffer of `security -i`, its terminating NUL included. */
export const SECURITY_LINE_BUFFER = 4096;
/** `sysctl kern.argmax` on current macOS: arguments (and environment) of one exec, in bytes. */
export const MACOS_ARG_MAX = 1_048_576;

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
    if (args.reduce((bytes, arg) => bytes + Buffer.byteLength(arg) + 1, 0) > MACOS_ARG_MAX) {
      throw Object.assign(new Error('spawn E2BIG'), { code: 'E2BIG' });
    }
    if (args[0] !== '-i') return command(args);
    let code = 0;
    let stderr = '';
    for (const line of interactiveLines(options.input ?? '')) {
      const words = splitLine(line);
      // An empty line is a command too: it "succeeds", and its 0 becomes the exit code if it is the last.
      const done = words.length === 0 ? result(0) : command(words);
      code = done.code ?? 1;
      stderr += done.stderr + (code !== 0 ? `${words[0]}: returned ${code}\n` : '');
    }
    return result(code, '', stderr);
  }
  return standIn;
}

/** The lines `security -i` runs, as readline.c reads them into its buffer. */
function interactiveLines(input: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const ch of input) {
    if (line.length === SECURITY_LINE_BUFFER - 1) {
      lines.push(line);
      line = '';
    }
    if (ch === '\n') {
      lines.push(line);
      line = '';
    } else {
      line += ch;
    }
  }
  // readline() returns NULL at end of input, so a last line without its newline is dropped.
  return lines;
}

/** security.c `split_line`: white space separates, quotes group (and may stay open to the end), `\` escapes. */
function splitLine(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '\\') {
      word = (word ?? '') + (line[++i] ?? '');
    } else if (quote !== undefined) {
      if (ch === quote) {
        words.push(word ?? '');
        word = undefined;
        quote = undefined;
      } else {
        word = (word ?? '') + ch;
      }
    } else if (/\s/.test(ch)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if ((ch === '"' || ch === "'") && word === undefined) {
      quote = ch;
      word = '';
    } else {
      word = (word ?? '') + ch;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

/**
 * An overflow item's contents as Claude Code 2.1.332 reads them (its decrypting reader, `v`): base64 of a 12-byte IV,
 * the AES-256-GCM ciphertext of the JSON and the 16-byte tag.
 */
export function sealOverflow(sections: object, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
  const sealed = Buffer.concat([cipher.update(JSON.stringify(sections), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString('base64');
}
