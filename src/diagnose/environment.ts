// The environment variables that change what Claude Code does with the sign-in. Only names and URL origins ever
// leave this file: the values are secrets.
import { CONFIG_DIR_ENV, type ClaudeLocation } from '../credentials/location';
import { OAUTH_URL_OVERRIDE_ENV, type OAuthEndpoints } from '../oauth/endpoints';
import { finding, type Finding, type FindingId } from './findings';

/** The variables that replace the credentials file, in the order the CLI tries them (the first set one wins). */
export const CREDENTIAL_OVERRIDE_VARIABLES = [
  { variable: 'ANTHROPIC_API_KEY', id: 'env_api_key_in_use' },
  { variable: 'ANTHROPIC_AUTH_TOKEN', id: 'env_auth_token_in_use' },
  { variable: 'CLAUDE_CODE_OAUTH_TOKEN', id: 'env_oauth_token_in_use' },
] as const satisfies readonly { variable: string; id: FindingId }[];

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

/** The override variable Claude Code uses instead of the credentials file, if any. */
export function winningOverride(env: NodeJS.ProcessEnv): string | undefined {
  return CREDENTIAL_OVERRIDE_VARIABLES.find(({ variable }) => isSet(env[variable]))?.variable;
}

export function checkEnvironment(
  env: NodeJS.ProcessEnv,
  location: ClaudeLocation,
  endpoints: OAuthEndpoints,
  overrideIgnored = false,
): Finding[] {
  const findings: Finding[] = [];
  const present = CREDENTIAL_OVERRIDE_VARIABLES.filter(({ variable }) => isSet(env[variable]));
  const [winner, ...shadowed] = present;
  if (winner) {
    findings.push(finding(winner.id, 'warning', { variable: winner.variable }));
    for (const { variable } of shadowed) {
      findings.push(finding('env_variable_shadowed', 'info', { variable, winner: winner.variable }));
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
