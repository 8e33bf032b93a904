// `--format json`: the contract of DESIGN.md, keys in contract order, nothing else. The objects are
// rebuilt field by field so the output does not depend on how producers happened to build them.

import type { ArtifactDetails, Finding, Fix, InputError, RelatedLocation, ReportDocument, Stats, TextEdit } from './finding.js';

export function renderJson(doc: ReportDocument): string {
  return JSON.stringify(canonicalDocument(doc), null, 2) + '\n';
}

export function canonicalDocument(doc: ReportDocument): ReportDocument {
  const out: ReportDocument = {
    version: 1,
    findings: doc.findings.map(canonicalFinding),
    errors: doc.errors.map(canonicalError),
    stats: canonicalStats(doc.stats),
  };
  if (doc.artifacts !== undefined) out.artifacts = doc.artifacts.map((a): ArtifactDetails => ({ ...a }));
  return out;
}

function canonicalFinding(f: Finding): Finding {
  const out: Finding = {
    rule: f.rule,
    family: f.family,
    severity: f.severity,
    file: f.file,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    message: f.message,
    related: f.related.map(canonicalRelated),
    fixes: f.fixes.map(canonicalFix),
  };
  if (f.help !== undefined) out.help = f.help;
  if (f.artifact !== undefined) out.artifact = f.artifact;
  return out;
}

function canonicalRelated(r: RelatedLocation): RelatedLocation {
  // `message` last, after the optional end, as in the contract's { file, line, column, message }.
  const out = { file: r.file, line: r.line, column: r.column } as RelatedLocation;
  if (r.endLine !== undefined) out.endLine = r.endLine;
  if (r.endColumn !== undefined) out.endColumn = r.endColumn;
  out.message = r.message;
  return out;
}

function canonicalFix(fix: Fix): Fix {
  return { title: fix.title, safe: fix.safe, edits: fix.edits.map(canonicalEdit) };
}

function canonicalEdit(e: TextEdit): TextEdit {
  const out: TextEdit = { file: e.file, line: e.line, column: e.column, endLine: e.endLine, endColumn: e.endColumn } as TextEdit;
  if (e.offset !== undefined) out.offset = e.offset;
  if (e.endOffset !== undefined) out.endOffset = e.endOffset;
  out.newText = e.newText;
  return out;
}

function canonicalError(e: InputError): InputError {
  const out: InputError = { file: e.file, message: e.message };
  if (e.line !== undefined) out.line = e.line;
  if (e.column !== undefined) out.column = e.column;
  return out;
}

/** files, lines, ms first; the extra counters (bytes, artifacts, baselined, …) after, as given. */
function canonicalStats(s: Stats): Stats {
  const out: Stats = { files: s.files, lines: s.lines, ms: s.ms };
  for (const [k, v] of Object.entries(s)) if (!(k in out)) out[k] = v;
  return out;
}
