// The environment variables that change what Claude Code does with the sign-in. Only names and URL origins ever
// leave this file: the values are secrets.
import { CONFIG_DIR_ENV, type ClaudeLocation } from '../../credentials/location';
import { OAUTH_URL_OVERRIDE_ENV, type OAuthEndpoints } from '../../oauth/endpoints';
import { credentialInUse, credentialsInUse, type CredentialFacts, type CredentialOverride } from '../../credentials/whichCredential';
import { finding, type Finding } from './findings';

export const BASE_URL_VARIABLE = 'ANTHROPIC_BASE_URL';

/** Proxy and certificate variables the CLI honours; reported by name so a mismatch with VS Code's proxy shows. */
const NETWORK_VARIABLES = [
  'HTTPS_PROXY',
  'https_proxy',
  'HTTP_PROXY',
  'http_proxy',
  'ALL_PROXY',
  'all_proxy',
  'NO_PROXY',
  'no_proxy',
  'NODE_EXTRA_CA_CERTS',
];

/** What wins over the credentials file, by name (a variable, or `apiKeyHelper`), if anything. */
export function winningOverride(facts: CredentialFacts): string | undefined {
  const winner = credentialInUse(facts);
  return winner.kind === 'login' ? undefined : nameOf(winner);
}

function nameOf(inUse: CredentialOverride): string {
  return inUse.kind === 'api_key_helper' ? 'apiKeyHelper' : inUse.variable;
}

export function checkEnvironment(
  env: NodeJS.ProcessEnv,
  location: ClaudeLocation,
  endpoints: OAuthEndpoints,
  overrideIgnored = false,
  apiKeyHelperFiles: readonly string[] = [],
): Finding[] {
  const findings: Finding[] = [];
  const [winner, ...shadowed] = credentialsInUse({ env, apiKeyHelperFiles });
  if (winner) {
    findings.push(winnerFinding(winner));
    for (const other of shadowed) {
      findings.push(finding('env_variable_shadowed', 'info', { variable: nameOf(other), winner: nameOf(winner) }));
    }
  } else {
    findings.push(finding('env_no_override', 'ok', {}));
  }

  const baseUrl = env[BASE_URL_VARIABLE];
  if (isSet(baseUrl)) {
    const origin = httpOrigin(baseUrl);
    findings.push(
      origin
        ? finding('env_base_url_set', 'info', { variable: BASE_URL_VARIABLE, origin })
        : finding('env_base_url_invalid', 'warning', { variable: BASE_URL_VARIABLE }),
    );
  }

  if (overrideIgnored) {
    findings.push(finding('oauth_endpoints_override_ignored', 'warning', { variable: OAUTH_URL_OVERRIDE_ENV }));
  } else if (endpoints.overridden) {
    findings.push(
      finding('oauth_endpoints_overridden', 'info', {
        variable: OAUTH_URL_OVERRIDE_ENV,
        origin: new URL(endpoints.tokenUrl).origin,
      }),
    );
  }

  if (location.fromEnvironment) {
    findings.push(finding('config_dir_from_env', 'info', { variable: CONFIG_DIR_ENV, configDir: location.configDir }));
  }
  return findings;
}

function winnerFinding(winner: CredentialOverride): Finding {
  switch (winner.kind) {
    case 'third_party':
      return finding('env_third_party_in_use', 'warning', { variable: winner.variable });
    case 'api_key':
      return finding('env_api_key_in_use', 'warning', { variable: winner.variable });
    case 'auth_token':
      return finding('env_auth_token_in_use', 'warning', { variable: winner.variable });
    case 'api_key_helper':
      return finding('api_key_helper_in_use', 'warning', { path: winner.settingsFile });
    case 'oauth_token':
      return finding('env_oauth_token_in_use', 'warning', { variable: winner.variable });
  }
}

/** Names of the proxy and CA variables that are set, comma separated; `undefined` when none is. */
export function networkVariablesSet(env: NodeJS.ProcessEnv): string | undefined {
  const names = NETWORK_VARIABLES.filter((name) => isSet(env[name]));
  return names.length > 0 ? names.join(', ') : undefined;
}

/** A proxy as we may show it: user name and password removed from anything URL-shaped. */
export function presentableProxy(description: string): string {
  return description.replace(/\/\/[^/@\s]*@/g, '//');
}

// The CLI tests these variables for truthiness, so an empty value counts as unset.
function isSet(value: string | undefined): value is string {
  return value !== undefined && value !== '';
}

function httpOrigin(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}
