// Running code-server as an ordinary user. CI runs as root, real users are not (a dev container's `vscode`, an SSH
// login): a test that must prove files end up the user's starts the server as another user itself. The test
// process stays root: it signals, reads and removes everything that user's processes leave.
import { execFileSync, spawnSync } from 'node:child_process';
import * as os from 'node:os';

/** The ordinary user test/e2e/setup.sh creates: the name dev containers use (uid 1000 when that was free). */
export const TEST_USER = 'vscode';

export interface UnixUser {
  name: string;
  uid: number;
  gid: number;
}

/** The test process's own user. */
export function currentUser(): UnixUser {
  const { username, uid, gid } = os.userInfo();
  return { name: username, uid, gid };
}

export function lookUpUser(name: string): UnixUser {
  let entry: string;
  try {
    entry = execFileSync('getent', ['passwd', name], { encoding: 'utf8' });
  } catch {
    throw new Error(`there is no user '${name}' on this machine: run \`bash test/e2e/setup.sh\` as root (it creates it)`);
  }
  const [, , uid, gid] = entry.trim().split(':');
  return { name, uid: Number(uid), gid: Number(gid) };
}

/**
 * `command args` as `user` runs it: through setpriv (util-linux), which execs the command itself, so the PID the
 * test gets is the command's and its process tree stays whole. Unchanged when `user` is the test's own.
 */
export function commandAs(user: UnixUser, command: string, args: string[]): [string, string[]] {
  if (user.uid === process.getuid?.()) return [command, args];
  if (process.getuid?.() !== 0) throw new Error(`running as ${user.name} needs a test process running as root`);
  return ['setpriv', [`--reuid=${user.uid}`, `--regid=${user.gid}`, '--init-groups', '--', command, ...args]];
}

/** Makes `dir` and everything in it `user`'s. */
export function giveTo(user: UnixUser, dir: string): void {
  execFileSync('chown', ['-R', `${user.uid}:${user.gid}`, dir]);
}

/**
 * Fails with what to do when `user` cannot run node or read `files`: every folder above them must be open to
 * other users, which a clone under /root (mode 0700) is not.
 */
export function assertCanRead(user: UnixUser, files: string[]): void {
  const check = `const fs = require("node:fs");
    try { for (const file of process.argv.slice(1)) fs.accessSync(file, fs.constants.R_OK); }
    catch (error) { console.error(error.message); process.exit(1); }`;
  const [command, args] = commandAs(user, process.execPath, ['-e', check, ...files]);
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 10_000 });
  if (result.status === 0) return;
  throw new Error(
    `${user.name} (uid ${user.uid}) cannot run ${process.execPath} or read ${files.join(', ')}; every folder above ` +
      `them needs o+x (chmod o+x <folder>), or move them where every user can read: ${result.error?.message ?? result.stderr.trim()}`,
  );
}
