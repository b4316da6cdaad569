// The machines this VS Code signed in, for "Where am I signed in". Kept in secret storage because that is the one
// store every window shares with the user's side (desktop: the local keychain); it holds no secret itself.
import type { MachineKind } from './machineKind';
import type { SecretStore } from './containerToken';

export const MACHINES_SECRET = 'claudeRemoteSignIn.machines';
const MAX_MACHINES = 50;

export interface MachineEntry {
  /** Stable per host and config directory. */
  readonly id: string;
  readonly kind: MachineKind;
  readonly hostLabel: string;
  readonly configDir: string;
  /** `full`: a browser sign-in whose refresh token lives only there; `container-token`: the long-lived token. */
  readonly method: 'full' | 'container-token';
  readonly signedInAt: number;
  readonly expiresAt?: number;
}

export function machineId(hostName: string, configDir: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- node:crypto on first use, not at activation
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  return createHash('sha256').update(`${hostName}\0${configDir}`).digest('hex').slice(0, 16);
}

export async function listMachines(secrets: SecretStore): Promise<MachineEntry[]> {
  try {
    const parsed = JSON.parse((await secrets.get(MACHINES_SECRET)) ?? '[]') as unknown;
    return Array.isArray(parsed) ? (parsed as MachineEntry[]) : [];
  } catch {
    return [];
  }
}

/** Adds or replaces this machine's entry (most recent first). */
export async function recordMachine(secrets: SecretStore, entry: MachineEntry): Promise<void> {
  const others = (await listMachines(secrets)).filter((m) => m.id !== entry.id);
  await secrets.store(MACHINES_SECRET, JSON.stringify([entry, ...others].slice(0, MAX_MACHINES)));
}

export async function forgetMachine(secrets: SecretStore, id: string): Promise<void> {
  const remaining = (await listMachines(secrets)).filter((m) => m.id !== id);
  await secrets.store(MACHINES_SECRET, JSON.stringify(remaining));
}
