// Tiny extensions the e2e tests install next to ours, packed into a .vsix at test time with @vscode/vsce's API:
// a Simplified Chinese language pack stub (VS Code loads an extension's zh-cn strings only when a language pack for
// zh-cn is installed; the real one is not reachable offline), and a probe that asks for a Claude session the way
// another extension would.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a JSON manifest, read where it lies
const { createVSIX } = require('@vscode/vsce') as {
  createVSIX(options: { cwd: string; packagePath: string; dependencies: boolean; allowMissingRepository: boolean; skipLicense: boolean }): Promise<void>;
};

/** Packs `files` (path → content, package.json included) into a .vsix in a temporary folder and returns its path. */
export async function packExtension(name: string, files: Record<string, string>): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `e2e-ext-${name}-`));
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  const packagePath = path.join(dir, `${name}.vsix`);
  await createVSIX({ cwd: dir, packagePath, dependencies: false, allowMissingRepository: true, skipLicense: true });
  return packagePath;
}

const manifest = (fields: Record<string, unknown>): string =>
  JSON.stringify({ publisher: 'e2e', version: '0.0.1', engines: { vscode: '^1.100.0' }, ...fields }, null, 2);

/** A language pack for zh-cn with no translations of VS Code's own: enough for extensions' zh-cn strings to load. */
export function chineseLanguagePackStub(): Promise<string> {
  return packExtension('zh-cn-stub', {
    'package.json': manifest({
      name: 'zh-cn-stub',
      displayName: 'Chinese (Simplified) stub',
      description: 'e2e stand-in for the Chinese language pack',
      categories: ['Language Packs'],
      contributes: {
        localizations: [
          { languageId: 'zh-cn', languageName: 'Chinese Simplified', localizedLanguageName: '中文(简体)', translations: [{ id: 'vscode', path: './translations/main.i18n.json' }] },
        ],
      },
    }),
    'translations/main.i18n.json': JSON.stringify({ version: '1.0.0', contents: {} }),
    'README.md': '# zh-cn stub\n',
  });
}

/** Display name of the session probe: VS Code names it in the consent prompt. */
export const SESSION_PROBE_NAME = 'Session Probe';
/** Its command, in the palette as "Session Probe: Get Claude session". */
export const SESSION_PROBE_COMMAND_TITLE = 'Session Probe: Get Claude session';

/**
 * An extension whose command calls `authentication.getSession('claude-code', [], { createIfNone: true })` and writes
 * what it got — the account label, or `none: <error>` — to `$HOME/session-probe.txt` of the extension host.
 */
export function sessionProbeExtension(): Promise<string> {
  const main = `
const vscode = require('vscode');
const fs = require('fs');
const path = require('path');
const os = require('os');
exports.activate = (context) => {
  context.subscriptions.push(vscode.commands.registerCommand('sessionProbe.getSession', async () => {
    const file = path.join(os.homedir(), 'session-probe.txt');
    try {
      const session = await vscode.authentication.getSession('claude-code', [], { createIfNone: true });
      fs.writeFileSync(file, session ? 'label: ' + session.account.label : 'none');
    } catch (error) {
      fs.writeFileSync(file, 'none: ' + (error && error.message));
    }
  }));
};
`;
  return packExtension('session-probe', {
    'package.json': manifest({
      name: 'session-probe',
      displayName: SESSION_PROBE_NAME,
      description: 'e2e: asks for a Claude session like another extension would',
      main: './extension.js',
      extensionKind: ['workspace'],
      activationEvents: ['onCommand:sessionProbe.getSession'],
      contributes: { commands: [{ command: 'sessionProbe.getSession', title: 'Get Claude session', category: 'Session Probe' }] },
    }),
    'extension.js': main,
    'README.md': '# Session probe\n',
  });
}
