// Text that is not ours — a path, an e-mail, an organization's name, an environment variable's value, a host, a
// server's or the system's words — shown inside our sentences. VS Code reads some of what it shows as markup, so
// each such value goes through one of these on its way in:
// - a notification (also a progress message) turns `[label](https://…|command:…|file:…)` into a link and honours no
//   backslash escape (VS Code 1.100, src/vs/base/common/linkedText.ts): `untrusted(value)`;
// - a MarkdownString tooltip and the Markdown preview render links, images, HTML, emphasis and strike-through
//   (VS Code's hovers use marked, whose GFM strike-through needs only one `~` on each side): `markdownText(line)` for
//   a whole line of plain text, `markdownCode(value)` for a value shown as code.
// No VS Code here: the diagnosis report (engine bundle) uses it too.

/** An invisible character that keeps a line from breaking: between `]` and `(` it stops a link and changes no glyph. */
const WORD_JOINER = '\u2060';

/**
 * A value for a sentence VS Code shows as text with links (notifications, progress messages, dialogs): read as
 * typed, never a link. A word joiner follows each `]` and precedes a `(` that starts the value, so no `](` forms
 * inside the value or where it meets our words.
 */
export function untrusted(value: string): string {
  return value.replace(/\]/g, `]${WORD_JOINER}`).replace(/^\(/, `${WORD_JOINER}(`);
}

/**
 * A line of plain text (our words with values inside) as Markdown that renders as exactly that text: every ASCII
 * punctuation character backslash-escaped (CommonMark lets each of them be, and then it is only itself), so no link,
 * image, autolink, HTML, entity, emphasis, strike-through or block marker can form. Line breaks become spaces.
 */
export function markdownText(text: string): string {
  return oneLine(text).replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

/** A value as a Markdown code span: shown as typed whatever backticks or markup it holds, and readable when pasted. */
export function markdownCode(value: string): string {
  const text = oneLine(value);
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  // A code span drops one space from each end when both have one, and needs one beside a backtick at either end.
  const pad = /^`|`$/.test(text) || /^ .*[^ ].* $/.test(text) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ');
}
