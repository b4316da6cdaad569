// Finds every string the code passes to `vscode.l10n.t` and every `%key%` the manifest uses.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** The first argument of each `l10n.t(...)` call in src/, unescaped. Throws on a non-literal first argument. */
export function codeStrings(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of sourceFiles(path.join(repoRoot, 'src'))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(/l10n\.t\(\s*/g)) {
      const start = (match.index ?? 0) + match[0].length;
      const quote = text[start];
      if (quote !== "'" && quote !== '"') {
        throw new Error(`${path.relative(repoRoot, file)}: l10n.t needs a string literal, found ${text.slice(start, start + 30)}`);
      }
      let i = start + 1;
      let value = '';
      while (text[i] !== quote) {
        if (text[i] === '\\') {
          const next = text[i + 1];
          value += next === 'n' ? '\n' : next;
          i += 2;
        } else {
          value += text[i];
          i += 1;
        }
      }
      found.set(value, path.relative(repoRoot, file));
    }
  }
  return found;
}

/** `%key%` references in package.json. */
export function manifestKeys(): Set<string> {
  const text = fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8');
  return new Set([...text.matchAll(/"%([^"%]+)%"/g)].map((m) => m[1]));
}

export function readJson(relative: string): Record<string, string> {
  return JSON.parse(fs.readFileSync(path.join(repoRoot, relative), 'utf8'));
}

export function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\d+\}/g)].map((m) => m[0]).sort();
}
