// Human output for a terminal: each finding with a code frame, its related locations, help and
// fixes; then input errors; then a one-line summary. Everything taken from findings or source
// passes through display.ts before it reaches the terminal.

import { reportWords, type ReportWords } from '../i18n/report-words.js';
import { COLORS, NO_COLORS, type Palette } from './ansi.js';
import { buildCodeFrame, type FrameRange, type FrameStyle, formatCodeFrame, sourceCache, type SourceText } from './codeframe.js';
import { printable } from './display.js';
import type { ArtifactDetails, Finding, InputError, ReportDocument, Severity } from './finding.js';
import type { RenderOptions } from './options.js';

export function renderText(doc: ReportDocument, options: RenderOptions = {}): string {
  const palette = options.color ? COLORS : NO_COLORS;
  const words = reportWords(options.lang);
  const sourceOf = sourceCache(options.sourceOf);
  const blocks: string[] = doc.findings.map((f) => findingBlock(f, sourceOf, palette, words).join('\n'));
  if (doc.artifacts && doc.artifacts.length > 0)
    blocks.push([words.artifacts, ...doc.artifacts.map((a) => `  ${artifactLine(a)}`)].join('\n'));
  if (doc.errors.length > 0) blocks.push([palette.bold(words.errors), ...doc.errors.map((e) => `  ${errorLine(e)}`)].join('\n'));
  blocks.push(summary(doc, words));
  return blocks.join('\n\n') + '\n';
}

type Sources = (file: string) => SourceText | undefined;

function findingBlock(f: Finding, sourceOf: Sources, palette: Palette, words: ReportWords): string[] {
  const lines = [
    `${palette.bold(location(f.file, f.line, f.column))}: ${palette.severity(f.severity, words.severity[f.severity])}: ${printable(f.message)} ${palette.dim(`[${printable(f.rule)}]`)}`,
  ];
  lines.push(...frame(sourceOf(f.file), f, { contextBefore: 2 }, frameStyle(palette, f.severity)));
  for (const r of f.related) {
    lines.push(`  ${palette.bold(location(r.file, r.line, r.column))}: ${palette.note(words.note)}: ${printable(r.message)}`);
    lines.push(...frame(sourceOf(r.file), r, { contextBefore: 0 }, frameStyle(palette, 'info')).map((l) => `  ${l}`));
  }
  if (f.help !== undefined) lines.push(`  ${palette.help(words.help)}: ${printable(f.help)}`);
  for (const fix of f.fixes) lines.push(`  ${palette.help(words.fix)}: ${printable(fix.title)} (${fix.safe ? words.safe : words.suggestion})`);
  return lines;
}

function frame(source: SourceText | undefined, at: FrameRange, options: { contextBefore: number }, style: FrameStyle): string[] {
  if (!source) return [];
  const built = buildCodeFrame(source, at, options);
  return built ? formatCodeFrame(built, style) : [];
}

function frameStyle(palette: Palette, severity: Severity): FrameStyle {
  return { gutter: palette.dim, marker: palette.bold, caret: (s) => palette.severity(severity, s) };
}

function location(file: string, line: number, column: number): string {
  return `${printable(file)}:${line}:${column}`;
}

function errorLine(e: InputError): string {
  const at = e.line !== undefined ? `:${e.line}${e.column !== undefined ? `:${e.column}` : ''}` : '';
  return `${printable(e.file)}${at}: ${printable(e.message)}`;
}

/** `crash.log:12: goroutine-dump (goroutines 120, bucketCount 14)`: the artifact's scalar facts. */
function artifactLine(a: ArtifactDetails): string {
  const where = typeof a.input === 'string' ? `${printable(a.input)}${typeof a.line === 'number' ? `:${a.line}` : ''}: ` : '';
  const facts = Object.entries(a)
    .filter(
      ([k, v]) =>
        !['kind', 'input', 'line', 'endLine'].includes(k) && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'),
    )
    .map(([k, v]) => `${k} ${printable(String(v))}`);
  return `${where}${printable(a.kind)}${facts.length > 0 ? ` (${facts.join(', ')})` : ''}`;
}

/** `3 findings (2 errors, 1 warning) in 12 files, 3400 lines, 85 ms`, in the chosen language. */
export function summary(doc: ReportDocument, words: ReportWords = reportWords('en')): string {
  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of doc.findings) bySeverity[f.severity]++;
  const { files, lines, ms } = doc.stats;
  return words.summary({
    findings: doc.findings.length,
    bySeverity,
    files,
    lines,
    ms: Math.round(ms),
    inputErrors: doc.errors.length,
    baselined: doc.stats.baselined ?? 0,
  });
}
