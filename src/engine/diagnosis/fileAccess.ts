// Can Claude Code, running as this user, read and rewrite its credentials, and can nobody else read them? Modes and
// owners only mean something on POSIX systems; on Windows only writability and links are checked.
import * as fs from 'node:fs';
import type { ClaudeLocation } from '../../credentials/location';
import { finding, formatMode, type Finding, type Severity } from './findings';

/** What the CLI itself creates: the folder private to the user, the file readable by the user only. */
const EXPECTED_FILE_MODE = 0o600;
const EXPECTED_DIR_MODE = 0o700;
const GROUP_OR_OTHERS = 0o077;
const READABLE_BY_GROUP_OR_OTHERS = 0o044;

export interface FileAccessFacts {
  credentialsFileMode?: string;
  credentialsFileOwnerUid?: number;
  configDirMode?: string;
}

export async function checkFileAccess(
  location: ClaudeLocation,
  platform: NodeJS.Platform,
  uid: number | undefined,
): Promise<{ findings: Finding[]; facts: FileAccessFacts }> {
  const findings: Finding[] = [];
  const facts: FileAccessFacts = {};
  const posix = platform !== 'win32';
  const { configDir, credentialsFile } = location;

  // A missing folder or file is the login check's to report.
  const dir = await statIfExists(configDir);
  if (!dir) return { findings, facts };

  if (posix) {
    facts.configDirMode = formatMode(dir.mode);
    if ((dir.mode & GROUP_OR_OTHERS) !== 0) {
      findings.push(
        finding('config_dir_mode_open', 'warning', {
          path: configDir,
          mode: formatMode(dir.mode),
          expectedMode: formatMode(EXPECTED_DIR_MODE),
        }),
      );
    }
    if (uid !== undefined && dir.uid !== uid) {
      findings.push(
        finding('config_dir_owner_mismatch', ownerMismatchSeverity(uid), { path: configDir, ownerUid: dir.uid, uid }),
      );
    }
  }
  // The CLI writes a temporary file next to the credentials and renames it over them: it needs the folder.
  const dirAccess = await accessError(configDir, fs.constants.W_OK | fs.constants.X_OK);
  if (dirAccess) findings.push(finding('config_dir_not_writable', 'error', { path: configDir, code: dirAccess }));

  const link = await lstatIfExists(credentialsFile);
  if (!link) return { findings, facts };
  const file = await statIfExists(credentialsFile);
  if (link.isSymbolicLink()) {
    const target = await fs.promises.readlink(credentialsFile).catch(() => '');
    findings.push(finding('credentials_symlink', 'info', { path: credentialsFile, target }));
  } else if (file && file.dev !== dir.dev) {
    findings.push(finding('credentials_bind_mount', 'info', { path: credentialsFile }));
  }
  // A dangling link reads as a missing file; the login check says so.
  if (!file || !posix) return { findings, facts };

  const mode = file.mode & 0o777;
  facts.credentialsFileMode = formatMode(mode);
  facts.credentialsFileOwnerUid = file.uid;
  const modeParams = { path: credentialsFile, mode: formatMode(mode), expectedMode: formatMode(EXPECTED_FILE_MODE) };
  let fine = true;
  if ((mode & READABLE_BY_GROUP_OR_OTHERS) !== 0) {
    findings.push(finding('credentials_mode_too_open', 'error', modeParams));
    fine = false;
  } else if (mode !== EXPECTED_FILE_MODE) {
    findings.push(finding('credentials_mode_unusual', 'warning', modeParams));
    fine = false;
  }
  if (uid !== undefined && file.uid !== uid) {
    findings.push(
      finding('credentials_owner_mismatch', ownerMismatchSeverity(uid), { path: credentialsFile, ownerUid: file.uid, uid }),
    );
    fine = false;
  }
  if (fine) findings.push(finding('credentials_permissions_ok', 'ok', { path: credentialsFile, mode: formatMode(mode) }));
  return { findings, facts };
}

// root can still rewrite another user's file — but leaves it owned by root, which that user's CLI cannot read.
function ownerMismatchSeverity(uid: number): Severity {
  return uid === 0 ? 'warning' : 'error';
}

export async function statIfExists(target: string): Promise<fs.Stats | undefined> {
  return fs.promises.stat(target).catch(() => undefined);
}

async function lstatIfExists(target: string): Promise<fs.Stats | undefined> {
  return fs.promises.lstat(target).catch(() => undefined);
}

/** The error code when this process lacks `mode` access to `target`, else `undefined`. */
export async function accessError(target: string, mode: number): Promise<string | undefined> {
  try {
    await fs.promises.access(target, mode);
    return undefined;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code ?? 'EACCES';
  }
}
