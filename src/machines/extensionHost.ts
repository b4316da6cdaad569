// Whether this copy of the extension runs where Claude Code's files are. In a remote window (SSH, WSL, a
// container) they are on the remote, so the extension must run in the remote ("workspace") extension host. The
// manifest says so (`extensionKind: ["workspace"]`), but the user setting `remote.extensionKind` can still place a
// local copy in the local ("UI") host — which would sign in the user's own computer while they think of the remote.
// VS Code: NativeExtensionHostKindPicker; `env.remoteName` is set in both hosts of a remote window.

export type HostPlacement =
  /** A local window, or the remote host of a remote window: the files here are the right ones. */
  | 'right_host'
  /** The local (UI) host of a remote window: never read or write Claude files from here. */
  | 'local_host_of_remote_window';

export function hostPlacement(remoteName: string | undefined, runsInLocalHost: boolean): HostPlacement {
  return remoteName && runsInLocalHost ? 'local_host_of_remote_window' : 'right_host';
}
