// What Claude Code on this machine authenticates with — the sign-in this extension writes, or something that wins
// over it. Read from the CLI (2.1.112: how it picks the provider, whether the claude.ai login is
// used at all, and which token and key; docs/claude-code-facts.md):
// - a third-party provider switch (CLAUDE_CODE_USE_BEDROCK / _VERTEX / _FOUNDRY / _ANTHROPIC_AWS / _MANTLE, any of
//   "1", "true", "yes", "on") replaces Anthropic's API altogether;
// - ANTHROPIC_API_KEY is used by `claude -p` always, and by interactive `claude` once approved (it asks; the answer
//   is kept as the key's last 20 characters in customApiKeyResponses.approved of the global config);
// - ANTHROPIC_AUTH_TOKEN, or an `apiKeyHelper` in any settings file, turns the claude.ai login off;
// - CLAUDE_CODE_OAUTH_TOKEN is used instead of the credentials file (and never refreshed).
// Empty values count as unset, as in the CLI. Only names ever leave this module, never values.

export const THIRD_PARTY_SWITCHES = [
  'CLAUDE_CODE_USE_BEDROCK',
  'CLAUDE_CODE_USE_VERTEX',
  'CLAUDE_CODE_USE_FOUNDRY',
  'CLAUDE_CODE_USE_ANTHROPIC_AWS',
  'CLAUDE_CODE_USE_MANTLE',
] as const;

export type CredentialInUse =
  /** The sign-in in the credentials file (or the Keychain): what this extension manages. */
  | { readonly kind: 'login' }
  | { readonly kind: 'third_party'; readonly variable: (typeof THIRD_PARTY_SWITCHES)[number] }
  /** `approved`: interactive `claude` was told to use it; otherwise it asks, and `claude -p` uses it anyway. */
  | { readonly kind: 'api_key'; readonly variable: 'ANTHROPIC_API_KEY'; readonly approved: boolean }
  | { readonly kind: 'auth_token'; readonly variable: 'ANTHROPIC_AUTH_TOKEN' }
  | { readonly kind: 'api_key_helper'; readonly settingsFile: string }
  | { readonly kind: 'oauth_token'; readonly variable: 'CLAUDE_CODE_OAUTH_TOKEN' };

/** Something that wins over the login. */
export type CredentialOverride = Exclude<CredentialInUse, { kind: 'login' }>;

export interface CredentialFacts {
  /** The environment Claude Code would start from here (the extension host's; a terminal may add to it). */
  readonly env: NodeJS.ProcessEnv;
  /** Settings files that set `apiKeyHelper`, most important first. */
  readonly apiKeyHelperFiles?: readonly string[];
  /** customApiKeyResponses.approved from the global config: last 20 characters of approved keys. */
  readonly approvedApiKeySuffixes?: readonly string[];
}

/** Everything that would be used instead of the login, the winner first; empty when the login is what counts. */
export function credentialsInUse(facts: CredentialFacts): CredentialOverride[] {
  const { env } = facts;
  const found: CredentialOverride[] = [];
  const thirdParty = THIRD_PARTY_SWITCHES.find((variable) => isTruthy(env[variable]));
  if (thirdParty) found.push({ kind: 'third_party', variable: thirdParty });
  const apiKey = env.ANTHROPIC_API_KEY;
  if (isSet(apiKey)) {
    found.push({ kind: 'api_key', variable: 'ANTHROPIC_API_KEY', approved: (facts.approvedApiKeySuffixes ?? []).includes(apiKey.slice(-20)) });
  }
  if (isSet(env.ANTHROPIC_AUTH_TOKEN)) found.push({ kind: 'auth_token', variable: 'ANTHROPIC_AUTH_TOKEN' });
  const helper = facts.apiKeyHelperFiles?.[0];
  if (helper) found.push({ kind: 'api_key_helper', settingsFile: helper });
  if (isSet(env.CLAUDE_CODE_OAUTH_TOKEN)) found.push({ kind: 'oauth_token', variable: 'CLAUDE_CODE_OAUTH_TOKEN' });
  return found;
}

/** The credential Claude Code uses here. */
export function credentialInUse(facts: CredentialFacts): CredentialInUse {
  return credentialsInUse(facts)[0] ?? { kind: 'login' };
}

function isSet(value: string | undefined): value is string {
  return value !== undefined && value !== '';
}

/** The CLI's truthiness for switches: "1", "true", "yes", "on", any case. */
function isTruthy(value: string | undefined): boolean {
  return ['1', 'true', 'yes', 'on'].includes((value ?? '').trim().toLowerCase());
}
