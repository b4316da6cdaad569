// The diagnosis as a Markdown document a user can read, or paste into a bug report. Every word comes from the
// caller (`describe` and `labels`, localized by the UI layer); this file only lays them out. Values not ours (the
// facts) are shown as code spans, so a path or an e-mail renders as typed, never as a link, an image or HTML.
import { redact } from '../../logging/redaction';
import { markdownCode } from '../../logging/untrustedText';
import { FACT_NAMES, type DiagnosisReport, type FactName, type Finding, type Severity } from './findings';

/** Markdown: the caller shows each value inside as a code span (ui/untrustedText.ts, markdownCode). */
export interface FindingText {
  readonly title: string;
  readonly detail?: string;
  readonly fix?: string;
}

export interface ReportLabels {
  /** The document's heading. */
  readonly title: string;
  /** Precedes the time the report was made, e.g. "Generated". */
  readonly generatedAt: string;
  readonly findingsHeading: string;
  readonly factsHeading: string;
  /** Column headers of the facts table. */
  readonly factColumn: string;
  readonly valueColumn: string;
  /** Precedes each finding's fix, e.g. "How to fix". */
  readonly fix: string;
  /** Each finding's severity, spelled out (it survives a paste into plain text, and needs no emoji font). */
  readonly severities: Readonly<Record<Severity, string>>;
  readonly factNames: Readonly<Record<FactName, string>>;
  readonly yes: string;
  readonly no: string;
  /** Formats an epoch-ms time in the reader's locale; ISO 8601 by default. */
  readonly formatTime?: (epochMs: number) => string;
}


export function renderReportMarkdown(
  report: DiagnosisReport,
  describe: (finding: Finding) => FindingText,
  labels: ReportLabels,
): string {
  const formatTime = labels.formatTime ?? ((ms: number) => new Date(ms).toISOString());
  const lines: string[] = [`# ${labels.title}`, '', `${labels.generatedAt}: ${formatTime(report.generatedAt)}`, ''];

  lines.push(`## ${labels.findingsHeading}`, '');
  for (const finding of report.findings) {
    const text = describe(finding);
    lines.push(`### ${oneLine(text.title)}`, '');
    // The severity as a word, not an emoji many fonts lack; the id lets whoever reads a pasted report find the
    // check, whatever the language of the text.
    lines.push(`**${labels.severities[finding.severity]}** · ${markdownCode(finding.id)}`, '');
    if (text.detail) lines.push(text.detail, '');
    if (text.fix) lines.push(`**${labels.fix}:** ${text.fix}`, '');
  }

  lines.push(`## ${labels.factsHeading}`, '', `| ${labels.factColumn} | ${labels.valueColumn} |`, '| --- | --- |');
  for (const name of FACT_NAMES) {
    const value = report.facts[name];
    if (value === undefined) continue;
    const shown = typeof value === 'boolean' ? (value ? labels.yes : labels.no) : markdownCode(String(value));
    lines.push(`| ${tableCell(labels.factNames[name])} | ${tableCell(shown)} |`);
  }
  lines.push('');

  // Nothing above should hold a token, but `describe` and the facts are free text: make sure.
  return redact(lines.join('\n'));
}

function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ');
}

// In a GFM table a `|` ends the cell, even inside a code span, unless escaped.
function tableCell(text: string): string {
  return oneLine(text).replace(/\|/g, '\\|');
}
