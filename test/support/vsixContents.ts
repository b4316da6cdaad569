// What a packaged .vsix holds (it is a zip: read from its central directory, no dependency), and what the Markdown it
// ships links to: a relative image or link must find its file inside the .vsix.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

export interface ZipEntry {
  /** e.g. `extension/media/screenshots/status-bar-signed-in.png`. */
  readonly name: string;
  /** Bytes it takes in the archive. */
  readonly compressedSize: number;
  readonly size: number;
  /** Where its local header starts. */
  readonly offset: number;
  /** 0 stored, 8 deflated. */
  readonly method: number;
}

export function vsixEntries(file: string): ZipEntry[] {
  const zip = fs.readFileSync(file);
  // The end-of-central-directory record: the last 22 bytes plus a comment of up to 64 KB.
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error(`${file} is not a zip file`);
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error(`${file}: broken central directory`);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    entries.push({
      name: zip.toString('utf8', offset + 46, offset + 46 + nameLength),
      compressedSize: zip.readUInt32LE(offset + 20),
      size: zip.readUInt32LE(offset + 24),
      offset: zip.readUInt32LE(offset + 42),
      method: zip.readUInt16LE(offset + 10),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The text of one entry, e.g. `extension/readme.md`. */
export function vsixText(file: string, name: string): string {
  const entry = vsixEntries(file).find((candidate) => candidate.name === name);
  if (!entry) throw new Error(`${file} has no ${name}`);
  const zip = fs.readFileSync(file);
  const start = entry.offset + 30 + zip.readUInt16LE(entry.offset + 26) + zip.readUInt16LE(entry.offset + 28);
  const data = zip.subarray(start, start + entry.compressedSize);
  return (entry.method === 8 ? zlib.inflateRawSync(data) : data).toString('utf8');
}

export interface MarkdownLink {
  readonly image: boolean;
  readonly target: string;
}

/** The links and images of a Markdown file (inline form), outside code blocks and code spans. */
export function markdownLinks(markdown: string): MarkdownLink[] {
  const prose = markdown.replace(/```[^]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/(!?)\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => ({
    image: match[1] === '!',
    target: match[2]!,
  }));
}

/** A target the installed extension resolves itself: a web address or an anchor needs nothing in the .vsix. */
export function isAbsoluteOrAnchor(target: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#');
}

/** Where a relative target of the Markdown file `from` (a path in the package, e.g. `media/walkthrough/signIn.md`) is in the .vsix. */
export function vsixPath(from: string, target: string): string {
  return `extension/${path.posix.join(path.posix.dirname(from), decodeURI(target.split('#')[0]!))}`;
}

/** The images of Markdown files (path in the package → text) as .vsix entries, each once (relative links only). */
export function markdownImages(files: ReadonlyMap<string, string>, entries: readonly ZipEntry[]): ZipEntry[] {
  const byName = new Map(entries.map((entry) => [entry.name, entry]));
  const names = new Set(
    [...files].flatMap(([from, text]) =>
      markdownLinks(text)
        .filter((link) => link.image && !isAbsoluteOrAnchor(link.target))
        .map((link) => vsixPath(from, link.target)),
    ),
  );
  return [...names].flatMap((name) => byName.get(name) ?? []);
}

/** The README's images as .vsix entries (relative links only). */
export function readmeImages(readme: string, entries: readonly ZipEntry[]): ZipEntry[] {
  return markdownImages(new Map([['README.md', readme]]), entries);
}
