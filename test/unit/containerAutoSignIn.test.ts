// When a container signs itself in with the container token, and when it puts the token back: tables of facts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  MAX_WRITE_BACKS,
  mayWriteContainerToken,
  placeOfConfigDir,
  placeOfCredentials,
  planRecovery,
  REFUSED_WITHIN_MS,
  WRITE_BACK_WINDOW_MS,
  type AutoSignInFacts,
  type ConfigDirPlace,
  type RecoveryFacts,
} from '../../src/machines/containerAutoSignIn.js';

const OUTSIDE: ConfigDirPlace = { kind: 'outside' };
const IN_FOLDER: ConfigDirPlace = { kind: 'workspace_folder', folder: '/workspaces/app' };
const IN_GIT: ConfigDirPlace = { kind: 'git_work_tree', root: '/src/app' };

test('where the config folder is: an open folder first, then any git working tree above it', () => {
  const git = (...roots: string[]) => (dir: string) => roots.includes(dir);
  const none = git();
  const cases: [string, readonly string[], readonly string[], (dir: string) => boolean, ConfigDirPlace][] = [
    ['a volume outside the checkout', ['/home/vscode/.claude-config'], ['/workspaces/app'], none, OUTSIDE],
    ['the repository chose ${containerWorkspaceFolder}/.cache/cc', ['/workspaces/app/.cache/cc'], ['/workspaces/app'], none, IN_FOLDER],
    ['the workspace folder itself', ['/workspaces/app'], ['/workspaces/app'], none, IN_FOLDER],
    ['a sibling whose name starts like the folder', ['/workspaces/app-cache'], ['/workspaces/app'], none, OUTSIDE],
    ['a folder named ..cache inside', ['/workspaces/app/..cache'], ['/workspaces/app'], none, IN_FOLDER],
    ['the second of two open folders', ['/work/b/.claude'], ['/work/a', '/work/b'], none, { kind: 'workspace_folder', folder: '/work/b' }],
    ['a git checkout opened one level down', ['/src/app/.claude'], ['/src/app/frontend'], git('/src/app'), IN_GIT],
    ['a .git in the config folder itself (a dotfiles repo)', ['/home/u/.claude'], [], git('/home/u/.claude'), { kind: 'git_work_tree', root: '/home/u/.claude' }],
    ['a home that is a git working tree', ['/home/u/.claude'], [], git('/home/u'), { kind: 'git_work_tree', root: '/home/u' }],
    ['a symlink into the checkout (resolved path given too)', ['/home/vscode/.claude', '/workspaces/app/.claude'], ['/workspaces/app'], none, IN_FOLDER],
    ['no folder open, no git', ['/home/vscode/.claude'], [], none, OUTSIDE],
    ['the open folder wins over the git tree it is in', ['/src/app/.cc'], ['/src/app'], git('/src/app'), { kind: 'workspace_folder', folder: '/src/app' }],
  ];
  for (const [name, paths, folders, hasGit, expected] of cases) {
    assert.deepEqual(placeOfConfigDir(paths, folders, hasGit), expected, name);
  }
});

test('where a write of the credentials file lands: the config folder first, then the end of the file’s own links', () => {
  const git = (...roots: string[]) => (dir: string) => roots.includes(dir);
  const volume = ['/home/vscode/.claude-config'];
  const cases: [string, Parameters<typeof placeOfCredentials>[1], readonly string[], (dir: string) => boolean, ConfigDirPlace][] = [
    ['no link', undefined, ['/workspaces/app'], git(), OUTSIDE],
    ['a link to another volume', { file: '/data/cc/creds.json', dirs: ['/data/cc'] }, ['/workspaces/app'], git(), OUTSIDE],
    [
      'a dangling link into the open folder',
      { file: '/workspaces/app/.devcontainer/cc.json', dirs: ['/workspaces/app/.devcontainer'] },
      ['/workspaces/app'],
      git(),
      { kind: 'workspace_folder', folder: '/workspaces/app', linkedFile: '/workspaces/app/.devcontainer/cc.json' },
    ],
    [
      'a link whose folder resolves into the open folder',
      { file: '/home/vscode/cache/cc.json', dirs: ['/home/vscode/cache', '/workspaces/app/.cache'] },
      ['/workspaces/app'],
      git(),
      { kind: 'workspace_folder', folder: '/workspaces/app', linkedFile: '/home/vscode/cache/cc.json' },
    ],
    [
      'a stowed dotfiles repository',
      { file: '/home/vscode/dotfiles/claude/.credentials.json', dirs: ['/home/vscode/dotfiles/claude'] },
      [],
      git('/home/vscode/dotfiles'),
      { kind: 'git_work_tree', root: '/home/vscode/dotfiles', linkedFile: '/home/vscode/dotfiles/claude/.credentials.json' },
    ],
  ];
  for (const [name, link, folders, hasGit, expected] of cases) {
    assert.deepEqual(placeOfCredentials(volume, link, folders, hasGit), expected, name);
  }
  // The config folder in the source tree is named as such, whatever the link does.
  assert.deepEqual(placeOfCredentials(['/workspaces/app/.cc'], { file: '/data/x.json', dirs: ['/data'] }, ['/workspaces/app'], git()), IN_FOLDER);
});

test('the container token is written with no click only when trusted, outside the source tree, and chosen', () => {
  const facts = (overrides: Partial<AutoSignInFacts>): AutoSignInFacts => ({
    setting: 'containerToken',
    hasToken: true,
    trusted: true,
    place: OUTSIDE,
    ...overrides,
  });
  const cases: [string, Partial<AutoSignInFacts>, ReturnType<typeof mayWriteContainerToken>][] = [
    ['trusted, on a volume, token stored', {}, { write: true }],
    ['Restricted Mode', { trusted: false }, { write: false, reason: 'untrusted' }],
    ['no token yet', { hasToken: false }, { write: false, reason: 'no_token' }],
    ['no token, Restricted Mode: the offer, not a trust question', { hasToken: false, trusted: false }, { write: false, reason: 'no_token' }],
    ['inside the workspace folder', { place: IN_FOLDER }, { write: false, reason: 'inside_workspace_folder' }],
    ['inside a git working tree', { place: IN_GIT }, { write: false, reason: 'inside_git_work_tree' }],
    ['inside the folder and untrusted: trust would not help, say the folder', { place: IN_FOLDER, trusted: false }, { write: false, reason: 'inside_workspace_folder' }],
    ['inside the folder, no token: still the folder', { place: IN_FOLDER, hasToken: false }, { write: false, reason: 'inside_workspace_folder' }],
    ['the setting asks for a full sign-in', { setting: 'fullSignIn' }, { write: false, reason: 'setting_off' }],
    ['the setting is off', { setting: 'off', place: IN_FOLDER, trusted: false }, { write: false, reason: 'setting_off' }],
  ];
  for (const [name, overrides, expected] of cases) {
    assert.deepEqual(mayWriteContainerToken(facts(overrides)), expected, name);
  }
});

const NOW = 1_800_000_000_000;
const MIN = 60_000;
const YEAR = 365 * 24 * 60 * MIN;

function recovery(overrides: Partial<RecoveryFacts>): RecoveryFacts {
  return {
    setting: 'containerToken',
    trusted: true,
    place: OUTSIDE,
    login: 'blanked',
    token: { expiresAt: NOW + YEAR },
    writtenBack: [],
    now: NOW,
    ...overrides,
  };
}

test('a blanked or deleted container login is written back', () => {
  assert.deepEqual(planRecovery(recovery({ login: 'blanked' })), { kind: 'write_back' });
  assert.deepEqual(planRecovery(recovery({ login: 'missing' })), { kind: 'write_back' });
  // A token within its last day is not handed to a new container, but still worth putting back here.
  assert.deepEqual(planRecovery(recovery({ token: { expiresAt: NOW + 60 * MIN } })), { kind: 'write_back' });
  // Blanked long after the last write-back: one more try.
  assert.deepEqual(planRecovery(recovery({ writtenBack: [NOW - REFUSED_WITHIN_MS] })), { kind: 'write_back' });
  // A deletion soon after a write-back is no word from the server: written back again.
  assert.deepEqual(planRecovery(recovery({ login: 'missing', writtenBack: [NOW - MIN] })), { kind: 'write_back' });
});

test('a token that is expired, refused again, or keeps disappearing turns into an offer to renew, not a loop', () => {
  assert.deepEqual(planRecovery(recovery({ token: { expiresAt: NOW } })), { kind: 'offer_renewal', reason: 'expired' });
  assert.deepEqual(planRecovery(recovery({ login: 'missing', token: { expiresAt: NOW - MIN } })), { kind: 'offer_renewal', reason: 'expired' });
  assert.deepEqual(planRecovery(recovery({ writtenBack: [NOW - 10_000] })), { kind: 'offer_renewal', reason: 'refused' });
  const many = Array.from({ length: MAX_WRITE_BACKS }, (_, i) => NOW - (i + 1) * MIN).reverse();
  assert.deepEqual(planRecovery(recovery({ login: 'missing', writtenBack: many })), { kind: 'offer_renewal', reason: 'keeps_disappearing' });
  // Old write-backs no longer count.
  const old = many.map((at) => at - WRITE_BACK_WINDOW_MS);
  assert.deepEqual(planRecovery(recovery({ login: 'missing', writtenBack: old })), { kind: 'write_back' });
});

test('nothing is written back when it is not ours to restore', () => {
  const nothing = (reason: string) => ({ kind: 'nothing', reason });
  assert.deepEqual(planRecovery(recovery({ login: 'container_token' })), nothing('still_signed_in'));
  assert.deepEqual(planRecovery(recovery({ login: 'other' })), nothing('signed_in_otherwise'));
  // `claude /logout`: the user signed out on purpose, also in a container the token signed in.
  assert.deepEqual(planRecovery(recovery({ login: 'signed_out_in_claude' })), nothing('signed_out_in_claude'));
  assert.deepEqual(planRecovery(recovery({ token: undefined })), nothing('token_removed'));
  assert.deepEqual(planRecovery(recovery({ setting: 'off' })), nothing('setting_off'));
  assert.deepEqual(planRecovery(recovery({ setting: 'fullSignIn' })), nothing('setting_off'));
  assert.deepEqual(planRecovery(recovery({ trusted: false })), nothing('untrusted'));
  assert.deepEqual(planRecovery(recovery({ place: IN_FOLDER })), nothing('inside_workspace_folder'));
  assert.deepEqual(planRecovery(recovery({ place: IN_GIT, token: { expiresAt: NOW - MIN } })), nothing('inside_git_work_tree'));
});
