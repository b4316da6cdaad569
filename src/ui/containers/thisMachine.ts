// This machine in the list of machines this VS Code signed in ("Claude: Where am I signed in"): added on every
// sign-in here, removed on a sign-out here.
import * as os from 'node:os';
import type { ClaudeLocation } from '../../credentials/location';
import type { SecretStore } from '../../machines/containerToken';
import type { MachineKind } from '../../machines/machineKind';
import { forgetMachine, machineId, recordMachine } from '../../machines/registry';

export class ThisMachine {
  private machineId: string | undefined;

  constructor(
    private readonly secrets: SecretStore,
    private readonly location: ClaudeLocation,
    readonly kind: MachineKind,
    readonly hostLabel: string = os.hostname(),
  ) {}

  /** Computed on first use: hashing at activation would load node:crypto for nothing. */
  get id(): string {
    return (this.machineId ??= machineId(this.hostLabel, this.location.configDir));
  }

  record(method: 'full' | 'container-token', expiresAt: number | undefined): Promise<void> {
    return recordMachine(this.secrets, {
      id: this.id,
      kind: this.kind,
      hostLabel: this.hostLabel,
      configDir: this.location.configDir,
      method,
      signedInAt: Date.now(),
      expiresAt,
    });
  }

  forget(): Promise<void> {
    return forgetMachine(this.secrets, this.id);
  }
}
