// What a packaged .vsix holds (it is a zip: read from its central directory, no dependency), and what the READMEs
// link to: the installed extension shows README.md from inside the .vsix, so every relative link must be in it.
import * as fs from 'node:fs';

export interface ZipEntry {
  /** e.g. `extension/media/screenshots/status-bar-signed-in.png`. */
  readonly name: string;
  /** Bytes it takes in the archive. */
  readonly compressedSize: number;
  readonly size: number;
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
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
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

/** The README's images as .vsix entries (relative links only). */
export function readmeImages(readme: string, entries: readonly ZipEntry[]): ZipEntry[] {
  const byName = new Map(entries.map((entry) => [entry.name, entry]));
  const targets = new Set(markdownLinks(readme).filter((link) => link.image && !isAbsoluteOrAnchor(link.target)).map((link) => link.target));
  return [...targets].flatMap((target) => byName.get(`extension/${decodeURI(target.split('#')[0]!)}`) ?? []);
}
