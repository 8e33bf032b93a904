// What a fix would change, as hunks of removed and added lines: the HTML report and the playground
// show them as a diff, and the playground applies them. Edits carry 1-based UTF-8 byte columns
// (and byte offsets); they are applied to the text of the lines they touch, so a preview costs the
// size of the edit, not of the file.

import type { TextEdit } from '../finding.js';
import { splitAtByteColumns } from './frame.js';

export interface DiffLine {
  kind: 'context' | 'removed' | 'added';
  /** Line number in the old file (context, removed) or the new one (added). */
  line: number;
  text: string;
}

export interface Hunk {
  file: string;
  lines: DiffLine[];
}

/** Lines of unchanged context around each hunk. */
const CONTEXT = 1;

/**
 * The hunks of a fix, file by file, in edit order; files whose text is unavailable are skipped.
 * Overlapping edits are not previewed (the first one wins, as with --fix).
 */
export function fixHunks(edits: readonly TextEdit[], sourceOf: (file: string) => string | undefined): Hunk[] {
  const byFile = new Map<string, TextEdit[]>();
  for (const e of edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  const hunks: Hunk[] = [];
  for (const [file, fileEdits] of byFile) {
    const text = sourceOf(file);
    if (text === undefined) continue;
    const lines = text.split('\n');
    for (const cluster of clusters(nonOverlapping(fileEdits))) hunks.push({ file, lines: hunkLines(lines, cluster) });
  }
  return hunks;
}

/** The whole text with the edits applied (the playground's "apply"). */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = text.split('\n');
  const chosen = nonOverlapping(edits);
  // From the last edit back, so earlier positions stay valid.
  for (const cluster of clusters(chosen).reverse()) {
    const first = cluster[0]!.line;
    const last = Math.max(...cluster.map((e) => e.endLine));
    lines.splice(first - 1, last - first + 1, ...applyToLines(lines.slice(first - 1, last), first, cluster));
  }
  return lines.join('\n');
}

function hunkLines(lines: readonly string[], cluster: readonly TextEdit[]): DiffLine[] {
  const first = cluster[0]!.line;
  const last = Math.max(...cluster.map((e) => e.endLine));
  const old = lines.slice(first - 1, last);
  const replaced = applyToLines(old, first, cluster);
  // Lines the edits left as they were (an insertion after a line keeps that line) become context.
  let head = 0;
  while (head < old.length && head < replaced.length && old[head] === replaced[head]) head++;
  let tail = 0;
  while (tail < old.length - head && tail < replaced.length - head && old[old.length - 1 - tail] === replaced[replaced.length - 1 - tail]) tail++;
  const out: DiffLine[] = [];
  for (let n = Math.max(1, first - CONTEXT); n < first + head; n++) out.push({ kind: 'context', line: n, text: lines[n - 1]! });
  for (let i = head; i < old.length - tail; i++) out.push({ kind: 'removed', line: first + i, text: old[i]! });
  for (let i = head; i < replaced.length - tail; i++) out.push({ kind: 'added', line: first + i, text: replaced[i]! });
  const after = first + old.length - tail;
  for (let n = after; n <= Math.min(lines.length, last + CONTEXT); n++) out.push({ kind: 'context', line: n, text: lines[n - 1]! });
  return out.map((l) => ({ ...l, text: l.text.replace(/\r$/, '') }));
}

/** Applies edits (sorted, non-overlapping, all within these lines) to lines first..first+n-1. */
function applyToLines(lines: readonly string[], first: number, edits: readonly TextEdit[]): string[] {
  let text = lines.join('\n');
  for (const e of [...edits].reverse()) {
    const start = indexOf(lines, first, e.line, e.column);
    const end = indexOf(lines, first, e.endLine, e.endColumn);
    text = text.slice(0, start) + e.newText + text.slice(Math.max(start, end));
  }
  return text.split('\n');
}

/** String index, in the joined lines, of a 1-based line and UTF-8 byte column. */
function indexOf(lines: readonly string[], first: number, line: number, column: number): number {
  let index = 0;
  for (let n = first; n < line; n++) index += lines[n - first]!.length + 1;
  const text = lines[line - first] ?? '';
  return index + splitAtByteColumns(text, column, column)[0].length;
}

function nonOverlapping(edits: readonly TextEdit[]): TextEdit[] {
  const sorted = [...edits].sort((a, b) => a.line - b.line || a.column - b.column || a.endLine - b.endLine || a.endColumn - b.endColumn);
  const out: TextEdit[] = [];
  for (const e of sorted) {
    const prev = out[out.length - 1];
    if (prev && (e.line < prev.endLine || (e.line === prev.endLine && e.column < prev.endColumn))) continue;
    out.push(e);
  }
  return out;
}

/** Edits close enough (within two lines of each other) to show as one hunk. */
function clusters(edits: readonly TextEdit[]): TextEdit[][] {
  const out: TextEdit[][] = [];
  for (const e of edits) {
    const current = out[out.length - 1];
    if (current && e.line <= Math.max(...current.map((c) => c.endLine)) + 2) current.push(e);
    else out.push([e]);
  }
  return out;
}
