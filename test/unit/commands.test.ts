// Command ids and context keys are spelled once (src/ui/commands.ts); package.json must name the same ones, or a
// command does nothing from the palette and a walkthrough step never completes.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../support/l10nStrings.js';
import { useVscodeStandIn } from '../support/vscodeStandIn.js';

interface Manifest {
  contributes: { commands: { command: string; enablement?: string }[]; menus: { commandPalette: { command: string; when?: string }[] }; walkthroughs: { steps: { when?: string; completionEvents: string[] }[] }[] };
}

test('package.json contributes every command in src/ui/commands.ts but the notification link, and reads only its context keys', (t) => {
  useVscodeStandIn(t);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- after the vscode stand-in is in place
  const { COMMANDS, CONTEXT_KEYS } = require('../../src/ui/commands.js') as typeof import('../../src/ui/commands');
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;
  const { pasteCodeInstead, ...contributed } = COMMANDS;
  assert.deepEqual(manifest.contributes.commands.map((c) => c.command).sort(), Object.values(contributed).sort());
  assert.ok(!manifest.contributes.commands.some((c) => c.command === pasteCodeInstead));

  const conditions = [
    ...manifest.contributes.commands.map((c) => c.enablement),
    ...manifest.contributes.menus.commandPalette.map((m) => m.when),
    ...manifest.contributes.walkthroughs.flatMap((w) => w.steps.flatMap((s) => [s.when, ...s.completionEvents])),
  ].join(' ');
  const keysRead = [...new Set(conditions.match(/claudeRemoteSignIn\.[A-Za-z]+/g) ?? [])].filter((key) => !Object.values(COMMANDS).includes(key as never));
  assert.deepEqual(keysRead.sort(), Object.values(CONTEXT_KEYS).sort());
});
