// Offsets → Go positions. Source offsets are UTF-16 code units of the JS string; Go tools
// (and our output contract) count 1-based lines and 1-based UTF-8 byte columns.

export interface Position {
  line: number;
  column: number;
}

export class LineIndex {
  private readonly starts: number[];

  constructor(private readonly src: string) {
    const starts = [0];
    for (let i = src.indexOf('\n'); i >= 0; i = src.indexOf('\n', i + 1)) starts.push(i + 1);
    this.starts = starts;
  }

  get lineCount(): number {
    const n = this.starts.length;
    // a trailing newline does not start a new line of text
    return this.src.length > 0 && this.src.charCodeAt(this.src.length - 1) === 0x0a ? n - 1 : n;
  }

  /** 1-based line of an offset. */
  line(offset: number): number {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /** Offset at which a 1-based line starts. */
  lineStart(line: number): number {
    return this.starts[Math.min(Math.max(line, 1), this.starts.length) - 1]!;
  }

  /** Text of a 1-based line without its line terminator. */
  lineText(line: number): string {
    const start = this.lineStart(line);
    const next = line < this.starts.length ? this.starts[line]! - 1 : this.src.length;
    let end = next;
    if (end > start && this.src.charCodeAt(end - 1) === 0x0d) end--;
    return this.src.slice(start, end);
  }

  /** Go position (line, UTF-8 byte column) of an offset. */
  position(offset: number): Position {
    const line = this.line(offset);
    const start = this.starts[line - 1]!;
    return { line, column: utf8Length(this.src, start, offset) + 1 };
  }

  /** Offset of a Go position (line, UTF-8 byte column); clamps to the line. */
  offset(line: number, column: number): number {
    const start = this.lineStart(line);
    const text = this.lineText(line);
    let bytes = 0;
    let i = 0;
    while (i < text.length && bytes < column - 1) {
      const c = text.codePointAt(i)!;
      bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
      i += c >= 0x10000 ? 2 : 1;
    }
    return start + i;
  }
}

/** Number of UTF-8 bytes encoding src[start, end). */
export function utf8Length(src: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = src.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
