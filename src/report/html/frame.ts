// Code frames as HTML: a few lines of source with line numbers and the reported span marked. Lines
// pass through display.ts first (tabs expanded, control and bidi characters shown as escapes), so a
// hostile file can neither inject markup (markup.ts escapes) nor reorder what the reader sees.

import type { SourceText } from '../codeframe.js';
import { displayLine, utf8Bytes } from '../display.js';
import { html, type Markup } from './markup.js';

export interface FrameSpan {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

export interface FrameOptions {
  /** Lines before the span (default 2). */
  before?: number;
  /** Lines after the span (default 0). */
  after?: number;
  /** Lines of a multi-line span shown before it is cut (default 6). */
  maxSpanLines?: number;
  /** Class of the marked span: the severity, or 'related'. */
  tone: string;
}

/** The frame, or undefined when the file has no such line. */
export function codeFrame(source: SourceText, at: FrameSpan, options: FrameOptions): Markup | undefined {
  if (source.line(at.line) === undefined) return undefined;
  const marked = at.endLine !== undefined && at.endColumn !== undefined;
  const endLine = marked ? Math.max(at.line, at.endLine!) : at.line;
  const lastSpanLine = Math.min(endLine, at.line + (options.maxSpanLines ?? 6) - 1);
  const first = Math.max(1, at.line - (options.before ?? 2));
  const last = Math.min(source.lineCount, lastSpanLine + (options.after ?? 0));
  const rows: Markup[] = [];
  for (let n = first; n <= last; n++) {
    const raw = source.line(n);
    if (raw === undefined) break;
    const inSpan = n >= at.line && n <= lastSpanLine;
    let code: Markup;
    if (inSpan && marked) {
      const from = n === at.line ? at.column : 1;
      const to = n === endLine ? at.endColumn! : byteLength(raw) + 1;
      code = markedLine(raw, from, to, options.tone);
    } else code = html`${displayLine(raw).text.trimEnd()}`;
    rows.push(html`<tr class="${inSpan ? 'focus' : ''}"><td class="ln">${n}</td><td class="code">${code}</td></tr>`);
  }
  const cut = lastSpanLine < endLine ? html`<tr class="cut"><td class="ln">…</td><td class="code">… to line ${endLine}</td></tr>` : null;
  return html`<table class="frame"><tbody>${rows}${cut}</tbody></table>`;
}

/** A line with bytes [from, to) (1-based UTF-8 columns) wrapped in <mark>; an empty span marks one cell. */
function markedLine(raw: string, from: number, to: number, tone: string): Markup {
  const [before, span, after] = splitAtByteColumns(raw, from, Math.max(from, to));
  const shown = displayLine(span).text;
  const rest = displayLine(after).text.trimEnd();
  return html`${displayLine(before).text}<mark class="${tone}">${shown === '' ? '\u200a' : shown}</mark>${rest}`;
}

/** Splits a line at 1-based UTF-8 byte columns; a column inside a character moves to its start. */
export function splitAtByteColumns(raw: string, from: number, to: number): [string, string, string] {
  let bytes = 0;
  let i = 0;
  let start = raw.length;
  let end = raw.length;
  for (const ch of raw) {
    const cp = ch.codePointAt(0)!;
    if (start === raw.length && bytes + 1 + utf8Bytes(cp) > from) start = i;
    if (end === raw.length && bytes + 1 + utf8Bytes(cp) > to) end = i;
    bytes += utf8Bytes(cp);
    i += ch.length;
  }
  end = Math.max(start, end);
  return [raw.slice(0, start), raw.slice(start, end), raw.slice(end)];
}

function byteLength(s: string): number {
  let n = 0;
  for (const ch of s) n += utf8Bytes(ch.codePointAt(0)!);
  return n;
}
