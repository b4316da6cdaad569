// Killed on purpose by faultInjection.test.ts: writes into $CLAUDE_CONFIG_DIR/.credentials.json in a tight loop,
// alternating between two whole versions, until SIGKILL. `atomic` writes them with writeFileAtomic (the code that
// touches the file; a child loads in half the time), `store` with writeLogin (lock, re-read, merge, write). It says
// "ready" after its first write, so that a kill lands in a running write. The parent imports the versions from here.
import type { ClaudeAiOauth } from '../../src/credentials/schema';

const version = (n: number): ClaudeAiOauth => ({
  accessToken: `sk-ant-oat01-crash-version-${n}`,
  refreshToken: `sk-ant-ort01-crash-version-${n}`,
  expiresAt: 1_900_000_000_000 + n,
  scopes: ['user:inference', 'user:profile'],
  subscriptionType: 'max',
  rateLimitTier: 'default_claude_max_20x',
});

export const CRASH_VERSIONS: readonly ClaudeAiOauth[] = [version(1), version(2)];

/** The file before the first write: a login and about 64 KB of keys that are not ours, so a write takes a while. */
export function crashSeed(): Record<string, unknown> {
  const history = Object.fromEntries(Array.from({ length: 512 }, (_, i) => [`entry-${i}`, `${'x'.repeat(100)}-${i}`]));
  return {
    mcpOAuth: { 'github|1': { serverName: 'github', accessToken: 'mcp-secret', expiresAt: 1 } },
    claudeAiOauth: version(0),
    pluginSecrets: { 'plugin@market': { apiKey: 'plugin-secret' } },
    someFutureKey: { history },
  };
}

/** The whole file with version `n` of the login in it (the login keeps its place). */
export function crashVersion(n: 1 | 2): Record<string, unknown> {
  return { ...crashSeed(), claudeAiOauth: CRASH_VERSIONS[n - 1] };
}

if (require.main === module) {
  // Required here, not at the top: the parent imports this file only for the versions.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- required here, not at the top (see above)
  const { resolveClaudeLocation } = require('../../src/credentials/location') as typeof import('../../src/credentials/location');
  const location = resolveClaudeLocation(process.env);
  let write: (n: 1 | 2) => Promise<unknown>;
  if (process.argv[2] === 'store') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- required here, not at the top (see above)
    const { writeLogin } = require('../../src/engine/store/credentialsFile') as typeof import('../../src/engine/store/credentialsFile');
    write = (n) => writeLogin(location, CRASH_VERSIONS[n - 1]!);
  } else {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- required here, not at the top (see above)
    const { writeFileAtomic } = require('../../src/engine/store/atomicWrite') as typeof import('../../src/engine/store/atomicWrite');
    const texts = [JSON.stringify(crashVersion(1)), JSON.stringify(crashVersion(2))];
    write = (n) => writeFileAtomic(location.credentialsFile, texts[n - 1]!, { mode: 0o600 });
  }
  void (async () => {
    await write(1);
    process.stdout.write('ready\n');
    for (let i = 1; ; i++) await write(((i % 2) + 1) as 1 | 2);
  })();
}
