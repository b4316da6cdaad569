// The Extensions view and the Marketplace show README.md from inside the .vsix: every image and file it (or the
// Chinese README it links to) points at must be in the package, or be an absolute address; the images stay small.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../support/l10nStrings.js';
import { isAbsoluteOrAnchor, markdownLinks, readmeImages, vsixEntries } from '../support/vsixContents.js';

/** What the README's images may add to the .vsix (test/bench/bench.ts counts them apart from the code). */
const README_IMAGES_BUDGET = 150 * 1024;

function packagedVsix(): string {
  const { name, version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const file = path.join(repoRoot, `${name}-${version}.vsix`);
  assert.ok(fs.existsSync(file), `${path.basename(file)} is missing: run \`npm run package\` (npm test does)`);
  return file;
}

test('every relative link and image of README.md and README.zh-CN.md is inside the .vsix', () => {
  const entries = vsixEntries(packagedVsix());
  const names = new Set(entries.map((entry) => entry.name));
  assert.ok(names.has('extension/readme.md'), 'the README itself is packaged');
  for (const readme of ['README.md', 'README.zh-CN.md']) {
    const links = markdownLinks(fs.readFileSync(path.join(repoRoot, readme), 'utf8'));
    assert.ok(links.some((link) => link.image), `${readme} shows images`);
    const missing = links
      .filter((link) => !isAbsoluteOrAnchor(link.target))
      .map((link) => decodeURI(link.target.split('#')[0]!))
      // vsce stores README.md as readme.md: a link to README.md breaks in the installed extension (Linux is case-sensitive).
      .filter((target) => !names.has(`extension/${target}`));
    assert.deepEqual(missing, [], `${readme} links to files the .vsix lacks (add them to .vscodeignore, or link absolutely)`);
  }
});

test('the README’s images add at most 150 KB to the .vsix', () => {
  const entries = vsixEntries(packagedVsix());
  const images = readmeImages(fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8'), entries);
  const bytes = images.reduce((sum, image) => sum + image.compressedSize, 0);
  assert.ok(
    bytes <= README_IMAGES_BUDGET,
    `${(bytes / 1024).toFixed(1)} KB: crop them (saveScreenshot's regions in test/e2e/support.ts) — ${images.map((i) => `${path.basename(i.name)} ${(i.compressedSize / 1024).toFixed(1)} KB`).join(', ')}`,
  );
});
