// The state of the login in the credentials file and of the first-run flag in the global config, as Claude Code
// would see them. Reads only; the reading and "corrupt" rules are the credentials store's.
import * as fs from 'node:fs';
import { hasCompletedOnboarding, ONBOARDING_KEY, readGlobalConfig } from '../../credentials/globalConfig';
import { isLongLivedLogin } from '../../credentials/loginRecord';
import type { ClaudeLocation } from '../../credentials/location';
import type { CredentialStore } from '../../credentials/credentialStore';
import { FileSkippedError } from '../../credentials/smallFile';
import type { CredentialsProblem, CredentialsReadResult } from '../store/credentialsFile';
import { REQUIRED_SCOPE } from '../../oauth/endpoints';
import { DEADLINE_WARNING_MS, loginStatus } from '../../login/loginStatus';
import { finding, type Finding } from './findings';

const HOUR_MS = 3_600_000;

export async function checkLogin(store: CredentialStore, now: number): Promise<Finding[]> {
  let path = store.location.credentialsFile;
  let read: CredentialsReadResult;
  let writtenAt: number;
  try {
    const found = await store.read();
    read = found.result;
    path = found.where;
    // A Keychain item has no modification time to estimate the login's end from: count from now.
    writtenAt = read.state === 'missing' || found.from === 'keychain' ? now : (await fs.promises.stat(path)).mtimeMs;
  } catch (err) {
    if (err instanceof FileSkippedError) return [finding('file_skipped', 'error', { path: err.file, reason: err.reason, limitBytes: err.limitBytes })];
    return [finding('credentials_not_readable', 'error', { path, code: errorCode(err) })];
  }
  if (read.state === 'missing') return [finding('credentials_missing', 'error', { path })];

  const status = loginStatus(read, now, writtenAt);
  if (status.kind === 'signed_out') return [finding('login_absent', 'error', { path })];
  if (status.kind === 'blanked') return [finding('login_blanked', 'error', { path })];
  if (status.kind === 'unreadable') return [finding('credentials_corrupt', 'error', { path, ...corruptReason(status.problem) })];

  const { login, deadline } = status;
  const findings: Finding[] = [];
  const scopes = login.scopes ?? [];
  if (!scopes.includes(REQUIRED_SCOPE)) {
    findings.push(finding('login_missing_inference_scope', 'error', { scopes: scopes.join(' '), requiredScope: REQUIRED_SCOPE }));
  } else if (isLongLivedLogin(login) && status.accessExpiresAt !== undefined) {
    findings.push(finding('long_lived_token', 'info', { expiresAt: status.accessExpiresAt }));
  }

  if (status.deadlinePassed && deadline) {
    findings.push(finding('login_deadline_passed', 'error', { deadlineAt: deadline.at }));
  } else if (deadline?.estimated && deadline.at <= now) {
    // Only the CLI's guess: the login may well live on, but if refreshing fails this is the likely reason.
    findings.push(finding('login_deadline_estimate_passed', 'warning', { deadlineAt: deadline.at }));
  } else if (deadline && deadline.at - now <= DEADLINE_WARNING_MS) {
    findings.push(
      finding('login_deadline_near', 'warning', {
        deadlineAt: deadline.at,
        hoursLeft: Math.max(0, Math.floor((deadline.at - now) / HOUR_MS)),
        basis: deadline.estimated ? 'estimate' : 'server',
      }),
    );
  }

  if (status.accessExpired && status.accessExpiresAt !== undefined) {
    findings.push(
      status.canRefresh
        ? finding('access_token_expired', 'warning', { expiredAt: status.accessExpiresAt })
        : finding('access_token_expired_no_refresh_token', 'error', { expiredAt: status.accessExpiresAt }),
    );
  }

  if (!findings.some((f) => f.severity === 'warning' || f.severity === 'error')) {
    findings.push(
      finding('login_ok', 'ok', {
        expiresAt: status.accessExpiresAt ?? 0,
        ...(login.subscriptionType ? { subscriptionType: login.subscriptionType } : {}),
      }),
    );
  }
  return findings;
}

export async function checkOnboarding(location: ClaudeLocation): Promise<Finding[]> {
  const path = location.globalConfigFile;
  const read = await readGlobalConfig(path);
  switch (read.state) {
    case 'missing':
      return [finding('onboarding_not_completed', 'warning', { path, key: ONBOARDING_KEY })];
    case 'unreadable':
      return read.skipped
        ? [finding('file_skipped', 'warning', { path, ...read.skipped })]
        : [finding('global_config_unreadable', 'warning', { path, code: read.code })];
    case 'corrupt':
      return [finding('global_config_corrupt', 'warning', { path })];
    case 'ok':
      return hasCompletedOnboarding(read.config)
        ? [finding('onboarding_completed', 'ok', { path })]
        : [finding('onboarding_not_completed', 'warning', { path, key: ONBOARDING_KEY })];
  }
}

/** The store's typed problem as the finding's reason code (worded in ui/diagnoseReport.ts). */
export function corruptReason(problem: CredentialsProblem): { reason: string; fields?: string } {
  switch (problem.kind) {
    case 'not_json':
      return { reason: 'invalid_json' };
    case 'not_object':
      return { reason: 'not_an_object' };
    case 'unrecognised_login':
      return { reason: 'unexpected_value', fields: problem.fields.join(', ') };
    case 'not_readable':
      return { reason: 'other' };
  }
}

export function errorCode(err: unknown): string {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : 'UNKNOWN';
}
