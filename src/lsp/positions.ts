// Positions between Go's convention (1-based line, 1-based UTF-8 byte column: what findings
// carry) and LSP's (0-based line, 0-based character counted in the negotiated encoding: UTF-16
// code units by default, UTF-8 bytes when the client offers it). JS strings index UTF-16 units.

export type PositionEncoding = 'utf-16' | 'utf-8';

export interface LspPosition {
  line: number;
  character: number;
}

export interface LspRange {
  start: LspPosition;
  end: LspPosition;
}

export class TextLines {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** JS offset of an LSP position; characters past the line's end clamp to it. */
  offset(p: LspPosition, encoding: PositionEncoding): number {
    if (p.line >= this.starts.length) return this.text.length;
    const start = this.starts[Math.max(0, p.line)]!;
    const end = this.lineEnd(p.line);
    if (encoding === 'utf-16') return Math.min(start + Math.max(0, p.character), end);
    return start + utf16Index(this.text, start, end, p.character);
  }

  /** LSP position of a JS offset. */
  position(offset: number, encoding: PositionEncoding): LspPosition {
    const line = this.lineOf(offset);
    const start = this.starts[line]!;
    const character = encoding === 'utf-16' ? offset - start : utf8Bytes(this.text, start, offset);
    return { line, character };
  }

  /** JS offset of a Go position (1-based line, 1-based UTF-8 byte column), clamped to the line. */
  offsetOfGo(line: number, column: number): number {
    const l = Math.min(Math.max(line - 1, 0), this.starts.length - 1);
    const start = this.starts[l]!;
    return start + utf16Index(this.text, start, this.lineEnd(l), column - 1);
  }

  /** LSP position of a Go position. */
  fromGo(line: number, column: number, encoding: PositionEncoding): LspPosition {
    if (encoding === 'utf-8') return { line: Math.max(line - 1, 0), character: Math.max(column - 1, 0) };
    return this.position(this.offsetOfGo(line, column), encoding);
  }

  /** Leading spaces and tabs of a 0-based line. */
  indentation(line: number): string {
    const start = this.starts[Math.min(line, this.starts.length - 1)]!;
    return /^[ \t]*/.exec(this.text.slice(start, this.lineEnd(line)))![0];
  }

  private lineEnd(line: number): number {
    const next = line + 1 < this.starts.length ? this.starts[line + 1]! - 1 : this.text.length;
    return next > 0 && this.text.charCodeAt(next - 1) === 0x0d && next - 1 >= this.starts[line]! ? next - 1 : next;
  }

  private lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/** UTF-16 index, from `start`, after `bytes` UTF-8 bytes (not past `end`). */
function utf16Index(text: string, start: number, end: number, bytes: number): number {
  let i = start;
  let n = 0;
  while (i < end && n < bytes) {
    const c = text.codePointAt(i)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    i += c >= 0x10000 ? 2 : 1;
  }
  return i - start;
}

function utf8Bytes(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
