// The engine behind "Claude: Diagnose sign-in": looks at everything that decides whether Claude Code, on this
// machine and as this user, can use the sign-in, and returns structured findings, most likely real cause first.
// No VS Code here and no sentences: the UI layer turns finding ids into localized text.
import { apiKeyHelperFiles as settingApiKeyHelpers, readSettingsFiles, settingsFiles } from '../../credentials/claudeSettings';
import { resolveClaudeLocation } from '../../credentials/location';
import { openCredentialStore } from '../store/openStore';
import { endpointsInForce } from '../../oauth/endpoints';
import type { HttpOptions } from '../transport/http';
import { checkEnvironment, networkVariablesSet, presentableProxy, winningOverride } from './environment';
import { checkFileAccess } from './fileAccess';
import { finding, sortFindings, type DiagnosisFacts, type DiagnosisReport, type Finding } from './findings';
import { keychainAccountName, keychainServiceFor, spawnCommand, type RunCommand } from '../store/keychain';
import { checkKeychain } from './keychain';
import { checkLocks } from './leftoverLocks';
import { checkLogin, checkOnboarding } from './login';
import { checkTokenEndpoint } from './tokenEndpoint';

export * from './findings';
export {
  findKeychainItem,
  keychainAccountName,
  keychainServiceName,
  spawnCommand,
  updateKeychainItem,
  KEYCHAIN_SERVICE,
  type CommandResult,
  type KeychainLookup,
  type KeychainUpdateResult,
  type RunCommand,
} from '../store/keychain';
export { renderReportMarkdown, type ReportLabels, type FindingText } from './markdown';
export { CLOCK_SKEW_LIMIT_MS, DIAGNOSE_TIMEOUT_MS } from './tokenEndpoint';

export interface DiagnoseInput {
  /** The extension host's environment (what Claude Code started from here would inherit). */
  readonly env: NodeJS.ProcessEnv;
  readonly homeDir: string;
  readonly platform: NodeJS.Platform;
  /** The extension host's user id (`process.getuid?.()`); owner checks are skipped without it. */
  readonly uid?: number;
  /** When the diagnosis starts, epoch ms. */
  readonly now: number;
  /** For the one request to the token endpoint; its time limit is capped at {@link DIAGNOSE_TIMEOUT_MS}. */
  readonly http?: HttpOptions;
  /** The proxy `http.dispatcher` goes through, as shown to the user (credentials in it are removed). */
  readonly proxyDescription?: string;
  /** The folders `claude` would start in (workspace folders), whose .claude/settings*.json count too. */
  readonly projectFolders?: readonly string[];
  /** Runs `security` on macOS; defaults to {@link spawnCommand}. */
  readonly runCommand?: RunCommand;
}

export async function diagnose(input: DiagnoseInput): Promise<DiagnosisReport> {
  const { env, homeDir, platform, uid, now } = input;
  const location = resolveClaudeLocation(env, homeDir);
  const { endpoints, ignoredOverride } = endpointsInForce(env);
  const settings = await readSettingsFiles(await settingsFiles(location, input.projectFolders ?? [], platform));
  const apiKeyHelperFiles = settingApiKeyHelpers(settings);
  const override = winningOverride({ env, apiKeyHelperFiles });
  const proxy = input.proxyDescription ? presentableProxy(input.proxyDescription) : undefined;
  const onMac = platform === 'darwin';
  // The CLI hashes CLAUDE_CONFIG_DIR as set, not the resolved folder.
  const keychainService = onMac ? keychainServiceFor(env) : undefined;
  const keychainAccount = onMac ? keychainAccountName(env) : undefined;

  const [fileAccess, login, onboarding, locks, tokenEndpoint, keychain] = await Promise.all([
    checkFileAccess(location, platform, uid),
    checkLogin(openCredentialStore(location, { platform, env, run: input.runCommand ?? spawnCommand }), now),
    checkOnboarding(location),
    checkLocks(location, now),
    checkTokenEndpoint(endpoints, now, input.http, proxy),
    keychainService && keychainAccount
      ? checkKeychain(input.runCommand ?? spawnCommand, keychainService, keychainAccount, location)
      : Promise.resolve([]),
  ]);

  const findings: Finding[] = [
    ...checkEnvironment(env, location, endpoints, ignoredOverride !== undefined, apiKeyHelperFiles),
    ...settings.flatMap(({ file, skipped }) => (skipped ? [finding('file_skipped', 'warning', { path: file, ...skipped })] : [])),
    ...keychain,
    ...tokenEndpoint,
    ...fileAccess.findings,
    // With an override in force the CLI never reads the login from the file: its state is context, not a cause.
    ...(override ? login.map(asContext) : login),
    ...onboarding,
    ...locks,
  ];
  if (proxy) findings.push(finding('proxy_in_use', 'info', { proxy }));

  const facts: DiagnosisFacts = {
    platform,
    homeDir,
    ...(uid !== undefined ? { uid } : {}),
    configDir: location.configDir,
    configDirFromEnvironment: location.fromEnvironment,
    credentialsFile: location.credentialsFile,
    globalConfigFile: location.globalConfigFile,
    ...fileAccess.facts,
    ...(override ? { environmentOverride: override } : {}),
    tokenEndpointOrigin: new URL(endpoints.tokenUrl).origin,
    ...(proxy ? { proxy } : {}),
    ...optional('networkEnvironmentVariables', networkVariablesSet(env)),
    ...optional('keychainService', keychainService),
    ...optional('keychainAccount', keychainAccount),
  };
  return { findings: sortFindings(findings), generatedAt: now, facts };
}

function asContext(f: Finding): Finding {
  return f.severity === 'warning' || f.severity === 'error' ? { ...f, severity: 'info' } : f;
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}
