// Prints the l10n.t strings that l10n/bundle.l10n.zh-cn.json lacks, as JSON ready to translate.
// Run after `npm run compile-tests`.
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { codeStrings, readJson } = require('../out/test/support/l10nStrings.js');
const zh = readJson('l10n/bundle.l10n.zh-cn.json');
const missing = Object.fromEntries([...codeStrings().keys()].filter((k) => !(k in zh)).map((k) => [k, '']));
console.log(JSON.stringify(missing, null, 2));
