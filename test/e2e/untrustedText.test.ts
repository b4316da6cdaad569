// Text from the environment is text, in the real workbench: in Chinese, CLAUDE_CONFIG_DIR=~/.claude shows as typed in
// the status bar's tooltip (VS Code's hover renders Markdown, where `~…~` strikes through), and a container whose
// CLAUDE_CONFIG_DIR holds `[x](command:…)` gets a source-tree warning with no link in it.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { chineseLanguagePackStub, openWorkbench, statusBarItem, waitForNotification, withWorkbench } from './harness';
import { vsix } from './support';

const LINK = '[x](command:workbench.action.terminal.new)';

test('in Chinese, CLAUDE_CONFIG_DIR=~/.claude reads as typed in the tooltip; a link in it is no link in the source-tree warning', async (t) => {
  const languagePack = await chineseLanguagePackStub();
  t.after(() => fs.rmSync(path.dirname(languagePack), { recursive: true, force: true }));
  const check = /Claude: 检查 CLAUDE_CONFIG_DIR/;
  await withWorkbench(
    t,
    { vsix: vsix(), extensions: [languagePack], locale: 'zh-cn', env: { CLAUDE_CONFIG_DIR: '~/.claude' }, statusBarItem: check },
    async ({ server, page, context }) => {
      await statusBarItem(page, check).hover();
      const hover = page.locator('.workbench-hover .hover-contents').filter({ hasText: 'CLAUDE_CONFIG_DIR' }).last();
      await hover.waitFor();
      assert.match(await hover.innerText(), /CLAUDE_CONFIG_DIR 设为“~\/\.claude”，这是相对路径/);
      assert.equal(await hover.locator('del, s').count(), 0, 'nothing struck through');
      await page.mouse.move(0, 0);

      // A container whose image puts CLAUDE_CONFIG_DIR inside the workspace folder, with a link in its name.
      await server.newContainer({ env: ({ workspaceDir }) => ({ REMOTE_CONTAINERS: 'true', CLAUDE_CONFIG_DIR: path.join(workspaceDir, LINK) }) });
      await openWorkbench(context, server.url, server.workspaceDir);
      const warning = await waitForNotification(page, /位于工作区文件夹/);
      const message = warning.locator('.notification-list-item-message');
      assert.equal(await message.locator('a').count(), 0, 'no link in the message');
      assert.ok(((await message.innerText()).replace(/\u2060/g, '')).includes(path.join(server.workspaceDir, LINK)), 'the folder as typed');
    },
  );
});
