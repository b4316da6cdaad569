// What kind of machine this extension host runs on, from VS Code's remote name and the markers the remote
// products put in the environment. Pure, so the rules are unit-tested with every product's shape.

export type MachineKind =
  | 'dev-container'
  | 'attached-container'
  | 'codespaces'
  | 'ssh'
  | 'wsl'
  | 'tunnel'
  | 'web'
  | 'local';

/**
 * Dev Containers (and DevPod) set `REMOTE_CONTAINERS=true` in the container; Codespaces set `CODESPACES=true`
 * (microsoft/vscode-remote-release#3517, loft-sh/devpod#905). `remoteName` is VS Code's own word on desktop; in
 * code-server it is a `host:port` string, so the environment decides there.
 */
export function detectMachineKind(remoteName: string | undefined, env: NodeJS.ProcessEnv): MachineKind {
  switch (remoteName) {
    case 'dev-container':
      return 'dev-container';
    case 'attached-container':
      return 'attached-container';
    case 'codespaces':
      return 'codespaces';
    case 'ssh-remote':
      return 'ssh';
    case 'wsl':
      return 'wsl';
    case 'tunnel':
      return 'tunnel';
  }
  if (env.CODESPACES === 'true') {
    return 'codespaces';
  }
  if (env.REMOTE_CONTAINERS === 'true' || env.REMOTE_CONTAINERS_IPC) {
    return 'dev-container';
  }
  return remoteName ? 'web' : 'local';
}

/** Machines that are rebuilt often and lose `~/.claude` with them. */
export function isContainer(kind: MachineKind): boolean {
  return kind === 'dev-container' || kind === 'attached-container' || kind === 'codespaces';
}
