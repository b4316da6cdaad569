// A UI module of src/ loaded against the `vscode` stand-in, speaking English or, through l10n/bundle.l10n.zh-cn.json,
// Simplified Chinese (as VS Code does with a zh-cn language pack).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TestContext } from 'node:test';
import { repoRoot } from './l10nStrings';
import * as vscode from './vscodeStandIn';

const english = vscode.l10n.t;
const zh = JSON.parse(fs.readFileSync(path.join(repoRoot, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
/** What VS Code shows from the Chinese bundle: the translation under the message's key (`message/comment` with a comment). */
const chinese = (message: vscode.L10nMessage, ...args: unknown[]): string =>
  vscode.formatL10n(zh[vscode.l10nKey(message)] ?? `MISSING ${vscode.l10nKey(message)}`, message, args);

/** `module` is relative to src/, e.g. `ui/words/failures.js`; the language holds until the test ends. */
export function uiModule<T>(t: TestContext, module: string, language: 'en' | 'zh-cn' = 'en'): T {
  vscode.useVscodeStandIn(t);
  vscode.l10n.t = language === 'zh-cn' ? chinese : english;
  vscode.env.language = language;
  t.after(() => {
    vscode.l10n.t = english;
    vscode.env.language = 'en';
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- after the vscode stand-in is in place
  return require(path.join(__dirname, '..', '..', 'src', module)) as T;
}
