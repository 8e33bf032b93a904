// How text from Go files and findings is shown on a terminal. Anything that could steer the
// terminal (C0/C1 controls, ESC sequences, bidi overrides) is shown as a Go-style escape, so a
// hostile file cannot inject escape sequences or reorder what the reader sees. Widths are in
// terminal cells, so carets line up under wide (CJK) characters too.

/** A tab in a source line is shown as this many spaces, in the line and under it alike. */
export const TAB_WIDTH = 4;

/** One code point as shown: its printable text and the cells it occupies. */
export interface Shown {
  text: string;
  cells: number;
}

/** How to show a code point. Source lines expand tabs; one-line messages escape them. */
export function showCodePoint(cp: number, tabs: 'expand' | 'escape' = 'escape'): Shown {
  if (cp === 0x09 && tabs === 'expand') return { text: ' '.repeat(TAB_WIDTH), cells: TAB_WIDTH };
  if (isUnsafe(cp)) {
    const text = escapeOf(cp);
    return { text, cells: text.length };
  }
  return { text: String.fromCodePoint(cp), cells: cellWidth(cp) };
}

/** A message, path or title made safe for one terminal line: controls and newlines escaped. */
export function printable(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    out += isUnsafe(cp) ? escapeOf(cp) : ch;
  }
  return out;
}

/** A source line as shown, with the map from UTF-8 byte columns to cells. */
export interface DisplayLine {
  text: string;
  /** Width of `text` in cells. */
  cells: number;
  /** Cell offset (0-based) of a 1-based byte column; a column inside a character maps to its start. */
  cellAt(byteColumn: number): number;
}

export function displayLine(raw: string): DisplayLine {
  const byteStarts: number[] = [];
  const cellStarts: number[] = [];
  let text = '';
  let bytes = 0;
  let cells = 0;
  for (const ch of raw) {
    const cp = ch.codePointAt(0)!;
    const shown = showCodePoint(cp, 'expand');
    byteStarts.push(bytes);
    cellStarts.push(cells);
    text += shown.text;
    bytes += utf8Bytes(cp);
    cells += shown.cells;
  }
  return {
    text,
    cells,
    cellAt(byteColumn) {
      const at = Math.max(0, byteColumn - 1);
      if (at >= bytes) return cells;
      // Last character starting at or before the byte: binary search over the starts.
      let lo = 0;
      let hi = byteStarts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (byteStarts[mid]! <= at) lo = mid;
        else hi = mid - 1;
      }
      return cellStarts[lo]!;
    },
  };
}

/** Bytes of a code point in UTF-8; a lone surrogate counts as the U+FFFD that replaces it. */
export function utf8Bytes(cp: number): number {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/** Controls, invisible format characters and bidi controls: never sent to a terminal as they are. */
function isUnsafe(cp: number): boolean {
  return (
    cp < 0x20 ||
    (cp >= 0x7f && cp <= 0x9f) || // DEL and C1 controls (0x9b is an 8-bit CSI)
    cp === 0x061c || // Arabic letter mark
    (cp >= 0x200b && cp <= 0x200f) || // zero-width spaces and joiners, LRM, RLM
    (cp >= 0x2028 && cp <= 0x202e) || // line/paragraph separators, bidi embeddings and overrides
    (cp >= 0x2060 && cp <= 0x2069) || // word joiner, invisible operators, bidi isolates
    cp === 0xfeff || // byte order mark
    (cp >= 0xfff9 && cp <= 0xfffb) || // interlinear annotation controls
    (cp >= 0xd800 && cp <= 0xdfff) // lone surrogates
  );
}

const NAMED: Record<number, string> = { 0x07: '\\a', 0x08: '\\b', 0x09: '\\t', 0x0a: '\\n', 0x0b: '\\v', 0x0c: '\\f', 0x0d: '\\r' };

/** Go's strconv.Quote spelling: \n, \x1b, \u202e. */
function escapeOf(cp: number): string {
  const named = NAMED[cp];
  if (named !== undefined) return named;
  if (cp <= 0xff) return `\\x${cp.toString(16).padStart(2, '0')}`;
  return `\\u${cp.toString(16).padStart(4, '0')}`;
}

/** Terminal cells of a printable code point: 2 for East Asian wide, 0 for combining marks. */
function cellWidth(cp: number): number {
  if (isCombining(cp)) return 0;
  if (isWide(cp)) return 2;
  return 1;
}

function isCombining(cp: number): boolean {
  return (
    (cp >= 0x0300 && cp <= 0x036f) ||
    (cp >= 0x1ab0 && cp <= 0x1aff) ||
    (cp >= 0x1dc0 && cp <= 0x1dff) ||
    (cp >= 0x20d0 && cp <= 0x20ff) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) || // variation selectors
    (cp >= 0xfe20 && cp <= 0xfe2f)
  );
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) || // Hangul Jamo initials
    (cp >= 0x2e80 && cp <= 0x303e) || // CJK radicals, punctuation
    (cp >= 0x3041 && cp <= 0x33ff) || // kana, CJK symbols
    (cp >= 0x3400 && cp <= 0x4dbf) || // CJK extension A
    (cp >= 0x4e00 && cp <= 0x9fff) || // CJK unified ideographs
    (cp >= 0xa000 && cp <= 0xa4cf) || // Yi
    (cp >= 0xac00 && cp <= 0xd7a3) || // Hangul syllables
    (cp >= 0xf900 && cp <= 0xfaff) || // CJK compatibility ideographs
    (cp >= 0xfe30 && cp <= 0xfe4f) || // CJK compatibility forms
    (cp >= 0xff00 && cp <= 0xff60) || // fullwidth forms
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) || // emoji
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd) // CJK extensions B and beyond
  );
}
