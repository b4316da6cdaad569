// Merges the two keys a fresh machine needs into the CLI's global config (`~/.claude.json`, or
// `$CLAUDE_CONFIG_DIR/.claude.json`) so the first `claude` run skips onboarding. That file holds the user's
// projects, settings and history: we change two keys under its lock and never replace it wholesale.
import { writeFileAtomic, type AtomicWriteFs } from './atomicWrite';
import { keepCorruptCopy, modeIfExists, readWhole } from './fileSystem';
import type { ClaudeLocation } from './location';
import { withFileLock, type LockWaitOptions } from './locks';
import type { GlobalConfig, OAuthAccount } from './schema';

export type MarkOnboardingResult =
  | { readonly written: true; readonly path: string }
  /** Already as wanted: nothing written. */
  | { readonly written: false; readonly reason: 'unchanged' }
  /** The file is not a JSON object: left untouched, its bytes copied to `backedUpCorruptFileTo`. */
  | { readonly written: false; readonly reason: 'corrupt'; readonly backedUpCorruptFileTo: string };

export interface MarkOnboardingOptions extends LockWaitOptions {
  readonly fs?: AtomicWriteFs;
  readonly now?: Date;
}

/**
 * Sets `hasCompletedOnboarding: true` and, when given, `oauthAccount` (replaced whole, as the CLI does). A symlinked
 * file is written through the link.
 */
export async function markOnboardingComplete(
  location: ClaudeLocation,
  account?: OAuthAccount,
  options: MarkOnboardingOptions = {},
): Promise<MarkOnboardingResult> {
  const file = location.globalConfigFile;
  return withFileLock(
    file,
    async (lockLost): Promise<MarkOnboardingResult> => {
      const read = await readWhole(file, parseGlobalConfig, (config) => config !== undefined);
      if (read && read.parsed === undefined) {
        return { written: false, reason: 'corrupt', backedUpCorruptFileTo: await keepCorruptCopy(file, read.bytes, options.now) };
      }
      const current = read?.parsed ?? {};
      const next = withOnboardingComplete(current, account);
      if (read !== undefined && JSON.stringify(next) === JSON.stringify(current)) {
        return { written: false, reason: 'unchanged' };
      }
      const mode = (await modeIfExists(file)) ?? 0o600;
      lockLost.throwIfAborted();
      await writeFileAtomic(file, serializeGlobalConfig(next), { mode, fs: options.fs });
      return { written: true, path: file };
    },
    options,
  );
}

/** The config with onboarding marked complete; every other key keeps its value and place. */
export function withOnboardingComplete(config: Readonly<GlobalConfig>, account?: OAuthAccount): GlobalConfig {
  const next: GlobalConfig = { ...config, hasCompletedOnboarding: true };
  if (account) {
    next.oauthAccount = Object.fromEntries(Object.entries(account).filter(([, value]) => value !== undefined));
  }
  return next;
}

/** As the CLI writes it: `JSON.stringify(config, null, 2)`, no trailing newline. */
export function serializeGlobalConfig(config: Readonly<GlobalConfig>): string {
  return JSON.stringify(config, null, 2);
}

/** `undefined` when the text is not a JSON object. */
function parseGlobalConfig(text: string): GlobalConfig | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as GlobalConfig;
  } catch {
    // Falls through to "corrupt".
  }
  return undefined;
}
