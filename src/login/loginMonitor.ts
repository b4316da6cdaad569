// Keeps an up-to-date picture of the login on disk: reads the credentials file (and the account from the CLI's
// global config) now and whenever either changes. No VS Code here.
import { promises as fs } from 'node:fs';
import type { ClaudeLocation } from '../credentials/location';
import { accountSummary, approvedApiKeySuffixes, readGlobalConfig, type AccountSummary } from '../credentials/globalConfig';
import { readCredentials, type CredentialsReadResult } from '../credentials/read';
import { watchFile, type Watch } from '../credentials/watch';

export type { AccountSummary } from '../credentials/globalConfig';

export interface LoginSnapshot {
  readonly read: CredentialsReadResult;
  /** When the credentials file was last written (its mtime), or 0. */
  readonly writtenAt: number;
  /** Who is signed in, from the CLI's global config (`oauthAccount`). */
  readonly account?: AccountSummary;
  /** API keys the user told `claude` to use (their last 20 characters), from the global config. */
  readonly approvedApiKeySuffixes?: readonly string[];
}

export class LoginMonitor {
  private watch: Watch | undefined;
  private latest: LoginSnapshot = { read: { state: 'missing' }, writtenAt: 0 };
  private reading: Promise<void> | undefined;
  private again = false;
  private poll: NodeJS.Timeout | undefined;

  constructor(
    private readonly location: ClaudeLocation,
    private readonly onChange: (snapshot: LoginSnapshot) => void,
    /** Where the login is read from (the credentials file unless told), and how often to re-read it unprompted. */
    private readonly source: { readonly read?: () => Promise<CredentialsReadResult>; readonly pollMs?: number } = {},
  ) {}

  get snapshot(): LoginSnapshot {
    return this.latest;
  }

  start(): Promise<void> {
    this.watch = watchFile(this.location.credentialsFile, () => void this.reload());
    if (this.source.pollMs) {
      this.poll = setInterval(() => void this.reload(), this.source.pollMs);
      this.poll.unref();
    }
    return this.reload();
  }

  /** Re-reads the files; overlapping calls collapse into one more read after the current one. */
  reload(): Promise<void> {
    if (this.reading) {
      this.again = true;
      return this.reading;
    }
    this.reading = (async () => {
      do {
        this.again = false;
        this.latest = await readSnapshot(this.location, this.source.read ?? (() => readCredentials(this.location)));
      } while (this.again);
      this.reading = undefined;
      this.onChange(this.latest);
    })();
    return this.reading;
  }

  dispose(): void {
    this.watch?.dispose();
    clearInterval(this.poll);
  }
}

async function readSnapshot(location: ClaudeLocation, readLogin: () => Promise<CredentialsReadResult>): Promise<LoginSnapshot> {
  const [read, writtenAt, globalConfig] = await Promise.all([
    readLogin().catch((error: NodeJS.ErrnoException) => ({
      state: 'corrupt' as const,
      reason: { kind: 'not_readable' as const, code: error.code ?? 'UNKNOWN' },
    })),
    fs.stat(location.credentialsFile).then((s) => s.mtimeMs, () => 0),
    readGlobalConfig(location.globalConfigFile),
  ]);
  const config = globalConfig.state === 'ok' ? globalConfig.config : undefined;
  return { read, writtenAt, account: config && accountSummary(config), approvedApiKeySuffixes: config && approvedApiKeySuffixes(config) };
}
