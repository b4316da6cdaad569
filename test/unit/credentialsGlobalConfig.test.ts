import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { markOnboardingComplete } from '../../src/engine/store/onboarding';
import { resolveClaudeLocation } from '../../src/credentials/location';
import type { OAuthAccount } from '../../src/credentials/globalConfig';
import { modeOf, tempDir } from '../support/tempDirs';

const account: OAuthAccount = {
  accountUuid: 'acc-1',
  emailAddress: 'someone@example.com',
  organizationUuid: 'org-1',
  displayName: 'Someone',
  organizationName: undefined,
};

describe('markOnboardingComplete', () => {
  test('creates ~/.claude.json (0600, 2-space JSON like the CLI) when missing', async (t) => {
    const location = resolveClaudeLocation({}, tempDir(t));
    assert.deepEqual(await markOnboardingComplete(location, account), { written: true, path: location.globalConfigFile });
    const expected = { hasCompletedOnboarding: true, oauthAccount: { accountUuid: 'acc-1', emailAddress: 'someone@example.com', organizationUuid: 'org-1', displayName: 'Someone' } };
    assert.equal(fs.readFileSync(location.globalConfigFile, 'utf8'), JSON.stringify(expected, null, 2));
    assert.equal(modeOf(location.globalConfigFile), 0o600);
    assert.equal(fs.existsSync(`${location.globalConfigFile}.lock`), false);
  });

  test('keeps every other key and the file’s own mode; a second call changes nothing', async (t) => {
    const location = resolveClaudeLocation({}, tempDir(t));
    const before = { numStartups: 3, projects: { '/w': { allowedTools: ['x'] } }, oauthAccount: { accountUuid: 'old' }, theme: 'dark' };
    fs.writeFileSync(location.globalConfigFile, JSON.stringify(before), { mode: 0o644 });
    fs.chmodSync(location.globalConfigFile, 0o644);
    await markOnboardingComplete(location, account);
    const after = JSON.parse(fs.readFileSync(location.globalConfigFile, 'utf8'));
    assert.deepEqual(after, { ...before, hasCompletedOnboarding: true, oauthAccount: { accountUuid: 'acc-1', emailAddress: 'someone@example.com', organizationUuid: 'org-1', displayName: 'Someone' } });
    assert.deepEqual(Object.keys(after), ['numStartups', 'projects', 'oauthAccount', 'theme', 'hasCompletedOnboarding']);
    assert.equal(modeOf(location.globalConfigFile), 0o644);
    assert.deepEqual(await markOnboardingComplete(location, account), { written: false, reason: 'unchanged' });
  });

  test('without an account only sets hasCompletedOnboarding; honours CLAUDE_CONFIG_DIR', async (t) => {
    const home = tempDir(t);
    const configDir = tempDir(t);
    const location = resolveClaudeLocation({ CLAUDE_CONFIG_DIR: configDir }, home);
    await markOnboardingComplete(location);
    assert.deepEqual(JSON.parse(fs.readFileSync(`${configDir}/.claude.json`, 'utf8')), { hasCompletedOnboarding: true });
    assert.equal(fs.existsSync(`${home}/.claude.json`), false);
  });

  test('a corrupt file is left alone and copied aside', async (t) => {
    const location = resolveClaudeLocation({}, tempDir(t));
    fs.writeFileSync(location.globalConfigFile, '{"projects": {');
    const result = await markOnboardingComplete(location, account, { now: new Date('2025-01-02T03:04:05Z') });
    const backup = `${location.globalConfigFile}.corrupt-20250102T030405Z`;
    assert.deepEqual(result, { written: false, reason: 'corrupt', backedUpCorruptFileTo: backup });
    assert.equal(fs.readFileSync(location.globalConfigFile, 'utf8'), '{"projects": {');
    assert.equal(fs.readFileSync(backup, 'utf8'), '{"projects": {');
    assert.equal(modeOf(backup), 0o600);
  });
});

describe('markOnboardingComplete through a symlink, and while the CLI rewrites the file', () => {
  test('a symlinked ~/.claude.json (GNU stow) is written through: the link stays, the target keeps its keys and mode', async (t) => {
    const home = tempDir(t);
    const location = resolveClaudeLocation({}, home);
    const dotfiles = path.join(home, 'dotfiles');
    const target = path.join(dotfiles, 'claude.json');
    fs.mkdirSync(dotfiles);
    fs.writeFileSync(target, JSON.stringify({ numStartups: 3, theme: 'dark' }), { mode: 0o644 });
    fs.chmodSync(target, 0o644);
    fs.symlinkSync(path.join('dotfiles', 'claude.json'), location.globalConfigFile);
    assert.equal((await markOnboardingComplete(location)).written, true);
    assert.ok(fs.lstatSync(location.globalConfigFile).isSymbolicLink(), 'still a symlink');
    assert.deepEqual(JSON.parse(fs.readFileSync(target, 'utf8')), { numStartups: 3, theme: 'dark', hasCompletedOnboarding: true });
    assert.equal(modeOf(target), 0o644);
    assert.deepEqual(fs.readdirSync(dotfiles), ['claude.json'], 'no temp file left next to the target');
  });

  test('a corrupt target behind a link is copied aside next to the target and left alone', async (t) => {
    const home = tempDir(t);
    const location = resolveClaudeLocation({}, home);
    const dotfiles = path.join(home, 'dotfiles');
    const target = path.join(dotfiles, 'claude.json');
    fs.mkdirSync(dotfiles);
    fs.writeFileSync(target, '{"projects": {');
    fs.symlinkSync(target, location.globalConfigFile);
    const result = await markOnboardingComplete(location, account, { now: new Date('2025-01-02T03:04:05Z') });
    assert.deepEqual(result, { written: false, reason: 'corrupt', backedUpCorruptFileTo: `${target}.corrupt-20250102T030405Z` });
    assert.ok(fs.lstatSync(location.globalConfigFile).isSymbolicLink());
    assert.equal(fs.readFileSync(target, 'utf8'), '{"projects": {');
  });

  test('a file caught mid-rewrite (empty for a moment) is read again, not called corrupt', async (t) => {
    const location = resolveClaudeLocation({}, tempDir(t));
    const whole = JSON.stringify({ numStartups: 3, projects: { '/w': {} } });
    fs.writeFileSync(location.globalConfigFile, whole);
    // As the CLI's writeFileSync: open with truncation now, write on that descriptor a moment later.
    const fd = fs.openSync(location.globalConfigFile, 'w');
    const restored = new Promise<void>((resolve) =>
      setTimeout(() => {
        fs.writeSync(fd, whole);
        fs.closeSync(fd);
        resolve();
      }, 40),
    );
    const result = await markOnboardingComplete(location);
    await restored;
    assert.deepEqual(result, { written: true, path: location.globalConfigFile });
    assert.deepEqual(JSON.parse(fs.readFileSync(location.globalConfigFile, 'utf8')), { ...JSON.parse(whole), hasCompletedOnboarding: true });
    assert.deepEqual(fs.readdirSync(path.dirname(location.globalConfigFile)).filter((n) => n.includes('.corrupt-')), []);
  });
});
