// Checks the end-to-end harness itself with the real extension package: the scenarios live in other files.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { extensionVsix, listExtensions, processTree, quickInputType, runCommand, withWorkbench } from './harness';

const vsix = extensionVsix();

test('the workbench loads with the extension installed and leaves no process behind', { skip: !vsix && 'E2E_VSIX not built' }, async (t) => {
  await withWorkbench(t, { vsix }, async ({ server, page }) => {
    assert.ok((await listExtensions(server)).includes('claude-remote-signin.claude-remote-signin'));

    // The extension's commands (category "Claude") are registered in the palette.
    await page.keyboard.press('F1');
    await quickInputType(page, '>Claude:');
    await page.locator('.quick-input-list .label-name', { hasText: /^Claude: / }).first().waitFor();
    await page.keyboard.press('Escape');

    // runCommand picks a command by its exact title and runs it.
    await runCommand(page, 'View: Toggle Status Bar Visibility');
    await page.locator('.part.statusbar').waitFor({ state: 'hidden' });
  });
  const leftovers = processTree(process.pid).slice(1).filter((p) => p.state !== 'Z');
  assert.deepEqual(leftovers.map((p) => `${p.pid} ${p.command}`), []);
});
