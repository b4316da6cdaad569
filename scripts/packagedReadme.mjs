// Writes dist/README.md, the README the .vsix ships (`vsce package --readme-path dist/README.md`): what the Extensions
// view shows for an installed .vsix, and the Marketplace / Open VSX page once published.
//
// Those pages load images only from https addresses and resolve no relative link, so vsce rewrites README.md's relative
// images and links against package.json's `repository` (and refuses to package when it cannot). That field is the one
// place that decides: while it is unset, the parts of README.md between `<!-- needs-repository -->` and
// `<!-- /needs-repository -->` (the screenshots, the link to README.zh-CN.md) are left out here, and the page shows no
// broken picture or dead link. The walkthrough shows the screenshots; a command opens the Chinese README.
import * as fs from 'node:fs';

const NEEDS_REPOSITORY = /<!-- needs-repository -->[^]*?<!-- \/needs-repository -->\n?/g;

const { repository } = JSON.parse(fs.readFileSync('package.json', 'utf8'));
const readme = fs.readFileSync('README.md', 'utf8');
fs.mkdirSync('dist', { recursive: true });
fs.writeFileSync('dist/README.md', repository ? readme : readme.replace(NEEDS_REPOSITORY, ''));
