// The end-to-end test harness: a real VS Code (code-server) with the extension installed, driven through
// Debian's Chromium. Needs `bash test/e2e/setup.sh` once; `npm run test:e2e` runs it for you.
//
// Most tests need only withWorkbench and the workbench helpers:
//
//   import { test } from 'node:test';
//   import * as assert from 'node:assert/strict';
//   import { extensionVsix, withWorkbench, runCommand, statusBarItem, readStatusBarItem } from './harness';
//
//   test('shows signed out', (t) =>
//     withWorkbench(t, { vsix: extensionVsix(), env: { REMOTE_CONTAINERS: 'true' } }, async ({ page }) => {
//       await runCommand(page, 'Claude: Sign in remotely');
//       const item = statusBarItem(page, /Claude/);
//       assert.equal((await readStatusBarItem(item)).kind, 'warning');
//     }));
//
// A page the extension opens with openExternal: `const opened = nextPage(context)` BEFORE the action,
// `confirmOpenExternal(page)` for addresses VS Code asks about (anything but localhost), then `await opened`.
// `runAs: { user: TEST_USER }` starts code-server as an ordinary user (the test process stays root).
// Env: E2E_VSIX (set by the runner), E2E_TRACE=1 (a screenshot per step into test-results/), E2E_KEEP_TEMP=1
// (keep the server's temporary folder), E2E_CODE_SERVER (another code-server entry.js).
export { withWorkbench, type WorkbenchSession, type WorkbenchSessionOptions } from './session';
export {
  startCodeServer,
  listExtensions,
  codeServerCli,
  DEFAULT_USER_SETTINGS,
  type CodeServer,
  type CodeServerOptions,
  type NewContainerOptions,
} from './codeServer';
export { launchBrowser, type Browser } from './browser';
export {
  openWorkbench,
  runCommand,
  statusBarItem,
  readStatusBarItem,
  statusBarTooltip,
  waitForNotification,
  clickNotificationAction,
  waitForQuickInput,
  quickInputType,
  quickInputSubmit,
  quickInputMessage,
  quickPick,
  clickDialogButton,
  confirmOpenExternal,
  customServerDialogs,
  nextPage,
  webviewShowing,
  type StatusBarItemState,
  type TextMatch,
} from './workbench';
export {
  EXTENSION_LOG_CHANNEL,
  extensionLogFiles,
  readExtensionLog,
  readAllLogs,
  saveArtifacts,
} from './artifacts';
export { extensionVsix, testResultsDir, repoRoot } from './paths';
export { chineseLanguagePackStub, packExtension, sessionProbeExtension, SESSION_PROBE_COMMAND_TITLE, SESSION_PROBE_NAME } from './testExtensions';
export { TEST_USER, type UnixUser } from './runAs';
export { processTree, stopProcessTree, type ProcessInfo } from './processTree';
