// Code frames: the lines around a location with a gutter and carets under the span. Built as a
// small model first (rows and a caret) so the text reporter, the HTML reporter and `analyze` can
// each present it their own way; formatCodeFrame is the terminal presentation.

import { displayLine } from './display.js';

/** A source file split into lines once, so many frames into one file stay cheap. */
export class SourceText {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** Line `n` (1-based) without its line ending, or undefined past the end of the file. */
  line(n: number): string | undefined {
    if (!Number.isInteger(n) || n < 1 || n > this.starts.length) return undefined;
    const start = this.starts[n - 1]!;
    const next = this.starts[n];
    let end = next === undefined ? this.text.length : next - 1;
    if (end > start && this.text.charCodeAt(end - 1) === 0x0d) end--; // CRLF
    return this.text.slice(start, end);
  }
}

/** Files by path, each read and split once per render; undefined when the text is unavailable. */
export function sourceCache(sourceOf: ((file: string) => string | undefined) | undefined): (file: string) => SourceText | undefined {
  const cache = new Map<string, SourceText | undefined>();
  return (file) => {
    if (!sourceOf) return undefined;
    if (!cache.has(file)) {
      const text = sourceOf(file);
      cache.set(file, text === undefined ? undefined : new SourceText(text));
    }
    return cache.get(file);
  };
}

/** Where to point. Columns are 1-based UTF-8 byte columns; without an end, no carets are drawn. */
export interface FrameRange {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

export interface FrameRow {
  line: number;
  /** The line as shown: tabs expanded, control characters escaped. */
  text: string;
  /** The line the range starts on. */
  focus: boolean;
}

export interface Caret {
  /** Cells before the first caret. */
  indent: number;
  /** Cells covered, at least 1. */
  width: number;
  /** Set when the span goes on past the focus line: the line it ends on. */
  continuesTo?: number;
}

export interface CodeFrame {
  rows: FrameRow[];
  /** Under the focus row (the last row). */
  caret?: Caret;
}

export interface CodeFrameOptions {
  /** Lines shown before the focus line (default 2). */
  contextBefore?: number;
}

/** The frame for a range, or undefined when the file has no such line. */
export function buildCodeFrame(source: SourceText, at: FrameRange, options: CodeFrameOptions = {}): CodeFrame | undefined {
  const focusText = source.line(at.line);
  if (focusText === undefined) return undefined;
  const before = Math.max(0, options.contextBefore ?? 2);
  const rows: FrameRow[] = [];
  for (let n = Math.max(1, at.line - before); n < at.line; n++)
    rows.push({ line: n, text: displayLine(source.line(n)!).text.trimEnd(), focus: false });
  const focus = displayLine(focusText);
  rows.push({ line: at.line, text: focus.text.trimEnd(), focus: true });
  const frame: CodeFrame = { rows };
  if (at.endLine !== undefined && at.endColumn !== undefined) frame.caret = caretFor(focus, at as Required<FrameRange>, focusText);
  return frame;
}

function caretFor(focus: ReturnType<typeof displayLine>, at: Required<FrameRange>, raw: string): Caret {
  const indent = Math.min(focus.cellAt(at.column), focus.cells);
  if (at.endLine > at.line) {
    // Underline to the end of the line's content; the rest of the span is named, not drawn.
    const contentEnd = displayLine(raw.trimEnd()).cells;
    return { indent, width: Math.max(1, contentEnd - indent), continuesTo: at.endLine };
  }
  const end = Math.min(focus.cellAt(at.endColumn), focus.cells);
  return { indent, width: Math.max(1, end - indent) };
}

/** Styling hooks for the terminal presentation; identity when colours are off. */
export interface FrameStyle {
  gutter(s: string): string;
  marker(s: string): string;
  caret(s: string): string;
}

const PLAIN: FrameStyle = { gutter: (s) => s, marker: (s) => s, caret: (s) => s };

/**
 * The frame as terminal lines:
 *
 *     10 |     go func() {
 *   > 11 |         m["键"] = 1
 *        |         ^^^^^^^^^^^
 */
export function formatCodeFrame(frame: CodeFrame, style: FrameStyle = PLAIN): string[] {
  const width = String(frame.rows[frame.rows.length - 1]!.line).length;
  const out: string[] = [];
  for (const row of frame.rows) {
    const marker = row.focus ? style.marker('>') : ' ';
    const gutter = style.gutter(`${String(row.line).padStart(width)} |`);
    out.push(row.text === '' ? `${marker} ${gutter}` : `${marker} ${gutter} ${row.text}`);
  }
  if (frame.caret) {
    const { indent, width: cells, continuesTo } = frame.caret;
    const more = continuesTo !== undefined ? ` …to line ${continuesTo}` : '';
    out.push(`  ${style.gutter(`${' '.repeat(width)} |`)} ${' '.repeat(indent)}${style.caret('^'.repeat(cells) + more)}`);
  }
  return out;
}
