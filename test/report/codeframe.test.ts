import { describe, expect, it } from 'vitest';
import { buildCodeFrame, formatCodeFrame, SourceText } from '../../src/report/codeframe.js';
import { displayLine, printable } from '../../src/report/display.js';
import { MAIN_GO } from './helpers.js';

const frameText = (src: string, at: Parameters<typeof buildCodeFrame>[1], contextBefore?: number) => {
  const frame = buildCodeFrame(new SourceText(src), at, contextBefore === undefined ? {} : { contextBefore });
  return frame ? formatCodeFrame(frame).join('\n') : undefined;
};

describe('SourceText', () => {
  it('splits lines once, drops CRLF line endings and answers undefined past the end', () => {
    const s = new SourceText('a\r\nb\n\nc');
    expect([1, 2, 3, 4].map((n) => s.line(n))).toEqual(['a', 'b', '', 'c']);
    expect(s.line(0)).toBeUndefined();
    expect(s.line(5)).toBeUndefined();
    expect(s.lineCount).toBe(4);
  });
});

describe('code frames', () => {
  it('shows two lines of context, a gutter, and carets under the span; tabs are 4 spaces in both lines', () => {
    // m["键"] = 1 spans bytes 3..14 (键 is 3 bytes) and 11 cells (键 is 2 cells wide).
    expect(frameText(MAIN_GO, { line: 6, column: 3, endLine: 6, endColumn: 15 })).toBe(
      ['  4 |     m := map[string]int{}', '  5 |     go func() {', '> 6 |         m["键"] = 1', '    |         ^^^^^^^^^^^'].join('\n'),
    );
  });

  it('places carets after non-ASCII text by converting byte columns to cells', () => {
    // go/token puts `v` at byte column 18 (each 键 is 3 bytes); on screen it is at cell 18 (tab = 4, each 键 = 2).
    const line = '\ts := "键键" + v';
    const column = Buffer.byteLength(line.slice(0, line.indexOf('v'))) + 1;
    const lines = frameText(line, { line: 1, column, endLine: 1, endColumn: column + 1 })!.split('\n');
    const shown = lines[0]!.slice('> 1 | '.length);
    const caret = lines[1]!.slice('  1 | '.length);
    expect(caret).toBe(' '.repeat('    s := "'.length + 4 + '" + '.length) + '^');
    expect(column).toBe(18);
    // Two wide characters before `v`: one more cell each than their string length.
    expect(shown.indexOf('v') + 2).toBe(caret.indexOf('^'));
  });

  it('draws a multi-line span to the end of its first line and names where it ends', () => {
    expect(frameText(MAIN_GO, { line: 5, column: 2, endLine: 7, endColumn: 5 }, 0)).toBe(
      ['> 5 |     go func() {', '    |     ^^^^^^^^^^^ …to line 7'].join('\n'),
    );
  });

  it('puts one caret at the end of the line for an empty span or a column past the end', () => {
    expect(frameText('x := 1', { line: 1, column: 3, endLine: 1, endColumn: 3 })).toBe(['> 1 | x := 1', '    |   ^'].join('\n'));
    expect(frameText('x := 1', { line: 1, column: 40, endLine: 1, endColumn: 41 })).toBe(['> 1 | x := 1', '    |       ^'].join('\n'));
  });

  it('widens the gutter to the longest line number and starts context at line 1', () => {
    const src = Array.from({ length: 12 }, (_, i) => `l${i + 1}`).join('\n');
    expect(frameText(src, { line: 10, column: 1 }, 1)).toBe(['   9 | l9', '> 10 | l10'].join('\n'));
    expect(frameText(src, { line: 1, column: 1, endLine: 1, endColumn: 3 })).toBe(['> 1 | l1', '    | ^^'].join('\n'));
  });

  it('draws no carets without an end, and no frame for a line the file does not have', () => {
    expect(frameText('a\nb', { line: 2, column: 1 }, 0)).toBe('> 2 | b');
    expect(frameText('a\nb', { line: 3, column: 1, endLine: 3, endColumn: 2 })).toBeUndefined();
  });

  it('escapes terminal control sequences and bidi overrides in source lines, keeping carets aligned', () => {
    const hostile = 'x := "\x1b[2J\x1b]0;pwned\x07" + \u202eevil + y';
    const column = Buffer.byteLength(hostile.slice(0, hostile.indexOf('y'))) + 1;
    const out = frameText(hostile, { line: 1, column, endLine: 1, endColumn: column + 1 })!;
    expect(out).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]/);
    expect(out).toContain('\\x1b[2J\\x1b]0;pwned\\a');
    expect(out).toContain('\\u202eevil');
    const [shown, caret] = out.split('\n') as [string, string];
    expect(shown.indexOf('y')).toBe(caret.indexOf('^'));
  });
});

describe('display', () => {
  it('maps byte columns inside a multi-byte character to that character', () => {
    const d = displayLine('键x');
    expect([1, 2, 3, 4, 5].map((c) => d.cellAt(c))).toEqual([0, 0, 0, 2, 3]);
  });

  it('makes messages one printable line', () => {
    expect(printable('a\nb\tc\x1b[31m\x9b1m\u2028')).toBe('a\\nb\\tc\\x1b[31m\\x9b1m\\u2028');
    expect(printable('m["键"] ok')).toBe('m["键"] ok');
  });
});
