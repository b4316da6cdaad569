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

/**
 * The bundle key of each `l10n.t(...)` call in src/: its first argument, unescaped, or for `l10n.t({ message, comment })`
 * the message, `/` and the comment (joined when it is a list), as VS Code looks it up. Throws on a non-literal message.
 */
export function codeStrings(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of sourceFiles(path.join(repoRoot, 'src'))) {
    const text = fs.readFileSync(file, 'utf8');
    const where = path.relative(repoRoot, file);
    for (const match of text.matchAll(/l10n\.t\(\s*/g)) {
      const start = (match.index ?? 0) + match[0].length;
      if (text[start] !== '{') {
        found.set(literalAt(text, start, where).value, where);
        continue;
      }
      const message = /^\{\s*message:\s*/.exec(text.slice(start));
      if (!message) throw new Error(`${where}: l10n.t({ … }) needs message first, found ${text.slice(start, start + 30)}`);
      const { value, end } = literalAt(text, start + message[0].length, where);
      const close = text.indexOf('})', end);
      const comment = /comment:\s*(\[?)/.exec(text.slice(end, close));
      if (!comment) {
        found.set(value, where);
        continue;
      }
      const parts: string[] = [];
      let i = end + comment.index + comment[0].length;
      do {
        const part = literalAt(text, i, where);
        parts.push(part.value);
        i = part.end;
        while (/[\s,]/.test(text[i] ?? '')) i += 1;
      } while (comment[1] === '[' && text[i] !== ']');
      found.set(`${value}/${parts.join('')}`, where);
    }
  }
  return found;
}

/** The string literal starting at `start`, unescaped, and the index after its closing quote. */
function literalAt(text: string, start: number, where: string): { value: string; end: number } {
  const quote = text[start];
  if (quote !== "'" && quote !== '"') {
    throw new Error(`${where}: l10n.t needs a string literal, found ${text.slice(start, start + 30)}`);
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
  return { value, end: i + 1 };
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
