// One code-server per test: a real VS Code server with its own HOME, settings, extensions and workspace,
// all inside one temporary folder, so tests can't see each other or the machine's own configuration.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { codeServerEntry } from './paths';
import { describeProcesses, killOnExit, stopProcessTree } from './processTree';
import { assertCanRead, commandAs, currentUser, giveTo, lookUpUser, type UnixUser } from './runAs';

export interface CodeServerOptions {
  /** A .vsix to install before the server starts. */
  vsix?: string;
  /** More .vsix files to install before the server starts (e.g. harness/testExtensions.ts). */
  extensions?: string[];
  /** VS Code's display language (`--locale`), e.g. `zh-cn` with a language pack for it among `extensions`. */
  locale?: string;
  /** Merged over DEFAULT_USER_SETTINGS into User/settings.json. */
  userSettings?: Record<string, unknown>;
  /**
   * Written to Machine/settings.json, the only place code-server reads settings declared with
   * `"scope": "machine"` (or `machine-overridable`) from.
   */
  machineSettings?: Record<string, unknown>;
  /**
   * Extra environment for the server and its extension host, e.g. CLAUDE_REMOTE_SIGNIN_OAUTH_URL,
   * REMOTE_CONTAINERS=true, CLAUDE_CONFIG_DIR. Nothing else of the test's own environment is passed on
   * beyond PATH and locale: no ANTHROPIC_*, CLAUDE_*, proxy or npm variables unless given here.
   */
  env?: Record<string, string>;
  /** How long to wait for the server to answer HTTP; default 30 s. */
  startTimeoutMs?: number;
  /**
   * Runs code-server, its extension host and the extension install as this ordinary user (e.g. TEST_USER) instead
   * of the test's own; the test process must be root. The temporary folder (HOME, settings, extensions, workspace)
   * becomes that user's, HOME mode 0700. Files a test writes there itself stay root's unless it chowns them.
   */
  runAs?: { user: string };
  /**
   * Workspace trust on, as users have it: no `--disable-workspace-trust`, `security.workspace.trust.enabled`, and a
   * new folder opens straight in Restricted Mode (`startupPrompt: "never"`) until trusted through the UI. Off by
   * default: every folder is trusted.
   */
  workspaceTrust?: boolean;
}

/** What changes when the same user opens a new container (see CodeServer.newContainer). */
export interface NewContainerOptions {
  /** Environment over the first start's `env`, given the new container's HOME and workspace folder. */
  env?: (dirs: { home: string; workspaceDir: string }) => Record<string, string>;
  workspaceTrust?: boolean;
}

export interface CodeServer {
  /** http://127.0.0.1:<port> without a trailing slash. */
  url: string;
  /** The server's HOME; `os.homedir()` in the extension host. */
  home: string;
  userDataDir: string;
  extensionsDir: string;
  /** An empty folder, opened by openWorkbench. */
  workspaceDir: string;
  /** code-server's stdout and stderr. */
  logFile: string;
  /** Environment the server was started with, for running the same code-server CLI against it. */
  env: NodeJS.ProcessEnv;
  /** Who the server runs as: the `runAs` user, or the test process's own. */
  user: UnixUser;
  /** Stops the server and every process it started, removes the temporary folder; throws if any process survives. */
  stop(): Promise<void>;
  /**
   * Stands in for a new container that keeps the user's secrets: stops the server and starts it again on the same
   * port (the browser's secret storage belongs to that origin) with the same user-data-dir and extensions, but a
   * fresh HOME and workspace folder. Updates `home`, `workspaceDir` and `env`; open the workbench again after it.
   */
  newContainer(options?: NewContainerOptions): Promise<void>;
}

/** Settings that keep the workbench quiet and offline: no telemetry, update checks, tips or welcome pages. */
export const DEFAULT_USER_SETTINGS: Readonly<Record<string, unknown>> = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
};

/** Variables passed on from the test's environment; everything else must be given in `env`. */
const INHERITED_ENV = ['PATH', 'LANG', 'LANGUAGE', 'TZ', 'USER', 'LOGNAME', 'SHELL', 'TERM'];

const run = promisify(execFile);

type CliTarget = Pick<CodeServer, 'userDataDir' | 'extensionsDir' | 'env'> & Partial<Pick<CodeServer, 'user'>>;

/** Runs the code-server command line (not the server) with a server's folders, environment and user. */
export async function codeServerCli(server: CliTarget, args: string[]): Promise<string> {
  const [command, commandArgs] = commandAs(server.user ?? currentUser(), process.execPath, [
    codeServerEntry(),
    '--user-data-dir', server.userDataDir,
    '--extensions-dir', server.extensionsDir,
    ...args,
  ]);
  const { stdout } = await run(command, commandArgs, { env: server.env, timeout: 60_000 });
  return stdout;
}

/** Installed extensions as `publisher.name` ids. */
export async function listExtensions(server: CliTarget): Promise<string[]> {
  const stdout = await codeServerCli(server, ['--list-extensions']);
  // code-server may log a line of its own before the list.
  return stdout.split('\n').map((line) => line.trim()).filter((line) => /^[\w-]+\.[\w.-]+$/.test(line));
}

/**
 * `<user-data-dir>/languagepacks.json`, as VS Code's language pack service writes it after installing a language pack
 * through a running server. The command-line install never starts that service, and without the file `--locale`
 * falls back to English (extensions' zh-cn strings included).
 */
function writeLanguagePacks(extensionsDir: string, userDataDir: string): void {
  const packs: Record<string, { hash: string; extensions: { extensionIdentifier: { id: string }; version: string }[]; translations: Record<string, string>; label: string }> = {};
  for (const folder of fs.readdirSync(extensionsDir, { withFileTypes: true }).filter((entry) => entry.isDirectory())) {
    const dir = path.join(extensionsDir, folder.name);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    for (const localization of manifest.contributes?.localizations ?? []) {
      const id = `${manifest.publisher}.${manifest.name}`.toLowerCase();
      packs[localization.languageId] = {
        hash: createHash('md5').update(id).update(manifest.version).digest('hex'),
        extensions: [{ extensionIdentifier: { id }, version: manifest.version }],
        translations: Object.fromEntries(localization.translations.map((t: { id: string; path: string }) => [t.id, path.join(dir, t.path)])),
        label: localization.localizedLanguageName ?? localization.languageName,
      };
    }
  }
  writeJson(path.join(userDataDir, 'languagepacks.json'), packs);
}

export async function startCodeServer(opts: CodeServerOptions = {}): Promise<CodeServer> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-code-server-'));
  const dirs = {
    home: path.join(root, 'home'),
    userDataDir: path.join(root, 'user-data'),
    extensionsDir: path.join(root, 'extensions'),
    workspaceDir: path.join(root, 'workspace'),
    tmp: path.join(root, 'tmp'),
  };
  for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true });
  const userSettingsFile = path.join(dirs.userDataDir, 'User/settings.json');
  writeJson(userSettingsFile, { ...DEFAULT_USER_SETTINGS, ...(opts.workspaceTrust ? TRUST_SETTINGS : {}), ...opts.userSettings });
  if (opts.machineSettings) writeJson(path.join(dirs.userDataDir, 'Machine/settings.json'), opts.machineSettings);

  const user = opts.runAs ? lookUpUser(opts.runAs.user) : currentUser();
  const env = serverEnvironment(dirs.home, dirs.tmp, user, opts.env);
  const folders = { ...dirs, env, user };
  try {
    if (opts.runAs) {
      giveTo(user, root);
      fs.chmodSync(dirs.home, 0o700);
      assertCanRead(user, [codeServerEntry()]);
    }
    for (const original of [...(opts.vsix ? [opts.vsix] : []), ...(opts.extensions ?? [])]) {
      // Installed from a copy: another user may not reach the repository (a clone under /root).
      const vsix = path.join(root, path.basename(original));
      fs.copyFileSync(original, vsix);
      await codeServerCli(folders, ['--install-extension', vsix]);
    }
    if (opts.locale) writeLanguagePacks(dirs.extensionsDir, dirs.userDataDir);
  } catch (error) {
    fs.rmSync(root, { recursive: true, force: true });
    throw error;
  }

  const logFile = path.join(root, 'code-server.log');
  let child: ChildProcess | undefined;
  let exited = false;
  let withdrawKillOnExit = (): void => undefined;

  /** Starts code-server on `port` (0: any free one) and waits until it answers; returns its URL. */
  const launch = async (port: number, workspaceTrust: boolean): Promise<string> => {
    const startsAt = fs.existsSync(logFile) ? fs.statSync(logFile).size : 0;
    const log = fs.openSync(logFile, 'a');
    const [command, args] = commandAs(user, process.execPath, [
      codeServerEntry(),
      // Port 0: the system picks a free port and code-server prints it, so parallel runs never collide.
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      '--ignore-last-opened',
      ...(opts.locale ? ['--locale', opts.locale] : []),
      '--config', path.join(root, 'config.yaml'),
      '--user-data-dir', dirs.userDataDir,
      '--extensions-dir', dirs.extensionsDir,
      server.workspaceDir,
    ]);
    const started = spawn(command, args, { env: server.env, stdio: ['ignore', log, log] });
    fs.closeSync(log);
    child = started;
    exited = false;
    withdrawKillOnExit = killOnExit(started.pid!, process.env.E2E_KEEP_TEMP ? undefined : root);
    started.once('exit', () => {
      if (child === started) exited = true;
    });
    return waitForServer(logFile, startsAt, () => exited, opts.startTimeoutMs ?? 30_000);
  };

  /** Stops the running server's whole process tree; throws if any process survives. */
  const halt = async (): Promise<void> => {
    if (!child) return;
    const survivors = await stopProcessTree(child.pid!);
    withdrawKillOnExit();
    child = undefined;
    if (survivors.length > 0) throw new Error(`code-server processes survived SIGKILL:\n${describeProcesses(survivors)}`);
  };

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= stopServer());
  const stopServer = async (): Promise<void> => {
    await halt();
    if (!process.env.E2E_KEEP_TEMP) fs.rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  };

  let containers = 1;
  const newContainer = async (options: NewContainerOptions = {}): Promise<void> => {
    await halt();
    containers += 1;
    const fresh = { home: path.join(root, `home-${containers}`), workspaceDir: path.join(root, `workspace-${containers}`) };
    for (const dir of Object.values(fresh)) {
      fs.mkdirSync(dir);
      if (opts.runAs) giveTo(user, dir);
    }
    fs.chmodSync(fresh.home, 0o700);
    if (options.workspaceTrust) {
      // Merged into what is there: the extension may have changed user settings meanwhile.
      writeJson(userSettingsFile, { ...JSON.parse(fs.readFileSync(userSettingsFile, 'utf8')), ...TRUST_SETTINGS });
    }
    Object.assign(server, fresh, { env: serverEnvironment(fresh.home, dirs.tmp, user, { ...opts.env, ...options.env?.(fresh) }) });
    const port = Number(new URL(server.url).port);
    const url = await launch(port, options.workspaceTrust ?? false);
    if (url !== server.url) throw new Error(`the new container's server answers at ${url}, not ${server.url}`);
  };

  const server: CodeServer = { url: '', ...dirs, logFile, env, user, stop, newContainer };
  try {
    server.url = await launch(0, opts.workspaceTrust ?? false);
    return server;
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

/** Workspace trust as a user has it, with untrusted folders opening in Restricted Mode rather than asking. */
const TRUST_SETTINGS = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
};

function serverEnvironment(home: string, tmp: string, user: UnixUser, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of Object.keys(process.env)) {
    if (INHERITED_ENV.includes(name) || name.startsWith('LC_')) env[name] = process.env[name];
  }
  return {
    ...env,
    HOME: home,
    USER: user.name,
    LOGNAME: user.name,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local/share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    TMPDIR: tmp,
    ...extra,
  };
}

/** Waits for the URL code-server prints in `logFile` after byte `from` (a restart appends to the same log). */
async function waitForServer(logFile: string, from: number, hasExited: () => boolean, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let url: string | undefined;
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error(`code-server exited while starting:\n${tail(logFile)}`);
    url ??= /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(fs.readFileSync(logFile).subarray(from).toString('utf8'))?.[1];
    if (url && (await answers(`${url}/healthz`))) return url;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`code-server did not answer within ${timeoutMs} ms:\n${tail(logFile)}`);
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

function tail(file: string, lines = 30): string {
  return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

function writeJson(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value, null, 2));
}
