// The one write we make to Claude Code's global config: on a fresh machine, `hasCompletedOnboarding` (and the
// account the CLI would record) so the first `claude` run skips onboarding — under the file's lock, re-read first,
// every other key kept. The format itself belongs to globalConfig.ts.
import { writeFileAtomic, type AtomicWriteFs } from './atomicWrite';
import { keepCorruptCopy, modeIfExists } from '../../credentials/fileSystem';
import { readGlobalConfig, serializeGlobalConfig, withOnboardingComplete, type OAuthAccount } from '../../credentials/globalConfig';
import type { ClaudeLocation } from '../../credentials/location';
import { withFileLock, type LockWaitOptions } from './locks';

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
      const read = await readGlobalConfig(file);
      if (read.state === 'unreadable') {
        throw Object.assign(new Error(`${file} cannot be read (${read.code}).`), { code: read.code });
      }
      if (read.state === 'corrupt') {
        return { written: false, reason: 'corrupt', backedUpCorruptFileTo: await keepCorruptCopy(file, read.bytes, options.now) };
      }
      const current = read.state === 'ok' ? read.config : {};
      const next = withOnboardingComplete(current, account);
      if (read.state === 'ok' && JSON.stringify(next) === JSON.stringify(current)) {
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
