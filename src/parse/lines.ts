// Offsets → Go positions. Source offsets are UTF-16 code units of the JS string; Go tools
// (and our output contract) count 1-based lines and 1-based UTF-8 byte columns.

export interface Position {
  line: number;
  column: number;
}

export class LineIndex {
  /** Made on the first position asked for: most files of a scan never report one. */
  private lazyStarts: number[] | null = null;

  constructor(private readonly src: string) {}

  private get starts(): number[] {
    return (this.lazyStarts ??= lineStarts(this.src));
  }

  get lineCount(): number {
    return this.lazyStarts !== null ? this.lazyStarts.length : countLines(this.src);
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
    let end = line < this.starts.length ? this.starts[line]! - 1 : this.src.length;
    if (end > start && this.src.charCodeAt(end - 1) === 0x0a) end--; // the file's final newline
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

/**
 * Offsets at which lines start, as go/token counts them: after every newline except one that
 * ends the file (so the end-of-file offset is on the last line, as in go/parser's errors).
 */
export function lineStarts(src: string): number[] {
  const starts = [0];
  const last = src.length - 1;
  for (let i = src.indexOf('\n'); i >= 0 && i < last; i = src.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The number of lines lineStarts finds, without keeping them. */
function countLines(src: string): number {
  let n = 1;
  const last = src.length - 1;
  for (let i = src.indexOf('\n'); i >= 0 && i < last; i = src.indexOf('\n', i + 1)) n++;
  return n;
}

/** Number of UTF-8 bytes encoding src[start, end). */
export function utf8Length(src: string, start: number, end: number): number {
  end = Math.min(end, src.length);
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

/** A //line directive: from `offset` on, positions read as `filename:line[:column]`. */
export interface LineInfo {
  offset: number;
  filename: string;
  line: number;
  /** 0 when the directive gives no column. */
  column: number;
}

export interface AdjustedPosition extends Position {
  filename: string;
}

/**
 * Position of an offset as //line directives say it is (go/token's Position(pos)), where
 * `infos` are the file's directives in source order and `filename` the file's own name.
 */
export function adjustedPosition(lines: LineIndex, infos: readonly LineInfo[], filename: string, offset: number): AdjustedPosition {
  const { line, column } = lines.position(offset);
  let i = infos.length - 1;
  while (i >= 0 && infos[i]!.offset > offset) i--;
  if (i < 0) return { filename, line, column };
  const info = infos[i]!;
  const base = lines.position(info.offset);
  const d = line - base.line;
  // without a column the directive leaves columns unknown; on its own line they are relative
  const col = info.column === 0 ? 0 : d === 0 ? info.column + column - base.column : column;
  return { filename: info.filename, line: info.line + d, column: col };
}

/** path/filepath.Clean for slash-separated paths. */
export function cleanPath(path: string): string {
  const rooted = path.startsWith('/');
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const cleaned = (rooted ? '/' : '') + out.join('/');
  return cleaned === '' ? '.' : cleaned;
}
