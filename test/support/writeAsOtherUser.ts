// Run by credentialsNonRoot.test.ts as another user: writes a login into $CLAUDE_CONFIG_DIR with writeLogin and
// prints one JSON line saying what happened. With `--simulate-foreign-file` (when the test cannot switch users) the
// rename onto the credentials file and its chmod are refused, as the kernel refuses them for a file someone else
// owns in a sticky folder.
import { resolveClaudeLocation } from '../../src/credentials/location';
import { writeLogin } from '../../src/engine/store/credentialsFile';
import { faultyFs } from './faultyFs';

async function main(): Promise<void> {
  const location = resolveClaudeLocation(process.env);
  const fs = process.argv.includes('--simulate-foreign-file')
    ? faultyFs({ refuse: { rename: 'EPERM', chmod: 'EPERM' }, refuseFile: location.credentialsFile }).fs
    : undefined;
  const uid = process.getuid?.();
  try {
    const result = await writeLogin(
      location,
      { accessToken: 'sk-ant-oat01-other-user', refreshToken: 'sk-ant-ort01-other-user', expiresAt: 1_900_000_000_000, scopes: ['user:inference'] },
      { fs },
    );
    console.log(JSON.stringify({ uid, written: result.written }));
  } catch (err) {
    const { name, message, code } = err as NodeJS.ErrnoException;
    console.log(JSON.stringify({ uid, error: name, code, message }));
  }
}

void main();
