// Findings → LSP diagnostics: ranges in the negotiated encoding, severities, the rule as code
// with a link to its documentation, related locations (the other goroutine, where the lock was
// taken) as relatedInformation, help appended to the message.

import { pathToFileURL } from 'node:url';
import type { ReportWords } from '../i18n/report-words.js';
import type { Finding, InputError, Severity } from '../report/finding.js';
import { type LspRange, type PositionEncoding, TextLines } from './positions.js';

export const DiagnosticSeverity = { Error: 1, Warning: 2, Information: 3, Hint: 4 } as const;

export interface Diagnostic {
  range: LspRange;
  severity: number;
  code?: string;
  codeDescription?: { href: string };
  source: 'gohazard';
  message: string;
  relatedInformation?: { location: { uri: string; range: LspRange }; message: string }[];
  /** Echoed back by the client in codeAction requests: which finding this is. */
  data?: { key: string };
}

const SEVERITY: Record<Severity, number> = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information };

export interface ConvertContext {
  encoding: PositionEncoding;
  /** Text of a file by absolute path (the analysed text), for position conversion. */
  linesOf: (path: string) => TextLines | undefined;
  /** Documentation link of a rule. */
  docHref: (rule: string) => string | undefined;
  words: ReportWords;
}

export function uriOf(path: string): string {
  return pathToFileURL(path).href;
}

/** A Go range (1-based line, byte column) as an LSP range. */
export function toRange(path: string, line: number, column: number, endLine: number, endColumn: number, ctx: ConvertContext): LspRange {
  const lines = ctx.linesOf(path);
  if (!lines) {
    const start = { line: Math.max(line - 1, 0), character: Math.max(column - 1, 0) };
    return { start, end: { line: Math.max(endLine - 1, 0), character: Math.max(endColumn - 1, 0) } };
  }
  return { start: lines.fromGo(line, column, ctx.encoding), end: lines.fromGo(endLine, endColumn, ctx.encoding) };
}

/** Stable identity of a finding within one analysis: what the code action handler looks up. */
export function findingKey(f: Finding): string {
  return `${f.rule}:${f.file}:${f.line}:${f.column}:${f.endLine}:${f.endColumn}`;
}

export function findingDiagnostic(f: Finding, ctx: ConvertContext): Diagnostic {
  const href = ctx.docHref(f.rule);
  const d: Diagnostic = {
    range: toRange(f.file, f.line, f.column, f.endLine, f.endColumn, ctx),
    severity: SEVERITY[f.severity],
    code: f.rule,
    ...(href ? { codeDescription: { href } } : {}),
    source: 'gohazard',
    message: f.help !== undefined ? `${f.message}\n${ctx.words.help}: ${f.help}` : f.message,
    data: { key: findingKey(f) },
  };
  if (f.related.length > 0) {
    d.relatedInformation = f.related.map((r) => ({
      location: { uri: uriOf(r.file), range: toRange(r.file, r.line, r.column, r.endLine ?? r.line, r.endColumn ?? r.column, ctx) },
      message: r.message,
    }));
  }
  return d;
}

/** Input errors that point into a file (malformed suppressions, unreadable files). */
export function errorDiagnostic(e: InputError, ctx: ConvertContext): Diagnostic {
  const line = e.line ?? 1;
  const column = e.column ?? 1;
  return {
    range: toRange(e.file, line, column, line, column, ctx),
    severity: DiagnosticSeverity.Warning,
    source: 'gohazard',
    message: e.message,
  };
}
