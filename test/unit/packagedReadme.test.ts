// The README the .vsix ships (dist/README.md, from scripts/packagedReadme.mjs) is the page of an installed .vsix in the
// Extensions view, and the Marketplace / Open VSX page once published. Those load images only from https addresses and
// follow no relative link, so it has neither until package.json names a public `repository`, the one place that
// brings README.md's screenshots and its link to README.zh-CN.md back (vsce rewrites them against it, its checks on).
// Meanwhile the screenshots ship for the walkthrough and the Chinese README, and stay small.
import assert from 'node:assert/strict';
import { execSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test, type TestContext } from 'node:test';
import { repoRoot } from '../support/l10nStrings.js';
import { tempDir } from '../support/tempDirs.js';
import { isAbsoluteOrAnchor, markdownImages, markdownLinks, vsixEntries, vsixPath, vsixText } from '../support/vsixContents.js';

/** What the screenshots may add to the .vsix (test/bench/bench.ts counts them apart from the code). */
const SCREENSHOTS_BUDGET = 150 * 1024;

const manifest = (): { name: string; version: string; scripts: { package: string } } =>
  JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));

function packagedVsix(dir = repoRoot): string {
  const { name, version } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const file = path.join(dir, `${name}-${version}.vsix`);
  assert.ok(fs.existsSync(file), `${path.basename(file)} is missing: run \`npm run package\` (npm test does)`);
  return file;
}

/** The Markdown files the .vsix ships besides its README, by path in the package. */
function shippedMarkdown(vsix: string): Map<string, string> {
  const names = vsixEntries(vsix)
    .map((entry) => entry.name.replace(/^extension\//, ''))
    .filter((name) => name === 'README.zh-CN.md' || /^media\/walkthrough\/.*\.md$/.test(name));
  return new Map(names.map((name) => [name, vsixText(vsix, `extension/${name}`)]));
}

const relativeTargets = (markdown: string): string[] =>
  markdownLinks(markdown)
    .filter((link) => !isAbsoluteOrAnchor(link.target))
    .map((link) => link.target);

test('the packaged README has no relative image or link, and names the command that opens the Chinese README', () => {
  const vsix = packagedVsix();
  const readme = vsixText(vsix, 'extension/readme.md');
  assert.deepEqual(relativeTargets(readme), [], 'relative images and links are broken on the extension page');
  const { 'command.openChineseReadme': title } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.nls.json'), 'utf8'));
  assert.ok(readme.includes(`**Claude: ${title}**`), `the README names "Claude: ${title}"`);
  assert.ok(vsixEntries(vsix).some((entry) => entry.name === 'extension/README.zh-CN.md'), 'the Chinese README ships');
});

test('every relative image and link of the Chinese README and the walkthrough is inside the .vsix', () => {
  const vsix = packagedVsix();
  const names = new Set(vsixEntries(vsix).map((entry) => entry.name));
  const markdown = shippedMarkdown(vsix);
  assert.ok(markdown.has('README.zh-CN.md') && markdown.has('media/walkthrough/signIn.md'));
  for (const [file, text] of markdown) {
    // vsce stores README.md as readme.md: a link to README.md would break in the installed extension (Linux is case-sensitive).
    const missing = relativeTargets(text).filter((target) => !names.has(vsixPath(file, target)));
    assert.deepEqual(missing, [], `${file} links to files the .vsix lacks (add them to .vscodeignore)`);
  }
});

test('the screenshots add at most 150 KB to the .vsix', () => {
  const vsix = packagedVsix();
  const images = markdownImages(shippedMarkdown(vsix), vsixEntries(vsix));
  assert.equal(images.length, 8, 'the walkthrough shows the eight screenshots');
  const bytes = images.reduce((sum, image) => sum + image.compressedSize, 0);
  assert.ok(
    bytes <= SCREENSHOTS_BUDGET,
    `${(bytes / 1024).toFixed(1)} KB: crop them (saveScreenshot's regions in test/e2e/support.ts) — ${images.map((i) => `${path.basename(i.name)} ${(i.compressedSize / 1024).toFixed(1)} KB`).join(', ')}`,
  );
});

test('with a repository in package.json, the packaged README shows the screenshots and links the Chinese README, from it', async (t) => {
  const dir = packagingCopy(t, { repository: { type: 'git', url: 'https://github.com/example-owner/example-repo.git' } });
  runPackageScript(dir);
  const readme = vsixText(packagedVsix(dir), 'extension/readme.md');
  assert.deepEqual(relativeTargets(readme), []);
  const images = markdownLinks(readme).filter((link) => link.image).map((link) => link.target);
  assert.equal(images.length, 8);
  assert.ok(images.includes('https://github.com/example-owner/example-repo/raw/HEAD/media/screenshots/status-bar-signed-in.png'), images.join(', '));
  assert.ok(readme.includes('(https://github.com/example-owner/example-repo/blob/HEAD/README.zh-CN.md)'));
});

test('vsce’s README checks are on: a relative image outside the parts that need a repository stops the package', async (t) => {
  const dir = packagingCopy(t, {});
  fs.appendFileSync(path.join(dir, 'README.md'), '\n![A screenshot](media/screenshots/accounts-menu.png)\n');
  assert.throws(() => runPackageScript(dir), /Couldn't detect the repository where this extension is published\. The image 'media\/screenshots\/accounts-menu\.png' will be broken/);
});

/** What `npm run package` reads, in a temporary folder, with `fields` merged into package.json. */
function packagingCopy(t: TestContext, fields: Record<string, unknown>): string {
  const dir = tempDir(t, 'packaged-readme-');
  for (const entry of ['.vscodeignore', 'README.md', 'README.zh-CN.md', 'CHANGELOG.md', 'LICENSE', 'dist', 'media', 'l10n', 'package.nls.json', 'package.nls.zh-cn.json', 'scripts']) {
    fs.cpSync(path.join(repoRoot, entry), path.join(dir, entry), { recursive: true });
  }
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ ...manifest(), ...fields }, null, 2));
  return dir;
}

/** The package script's steps after the build (dist/ is copied already), run in `dir`. */
function runPackageScript(dir: string): void {
  const steps = manifest().scripts.package.split(' && ').filter((step) => !step.startsWith('node esbuild.mjs'));
  const env = { ...process.env, PATH: `${path.join(repoRoot, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}` };
  for (const step of steps) execSync(step, { cwd: dir, env, stdio: 'pipe' });
}
