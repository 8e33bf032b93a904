// Column units. Findings count UTF-8 bytes (as go/token does); SARIF counts Unicode code points
// (`run.columnKind: "unicodeCodePoints"`). Converting needs the line's text.

import { utf8Bytes } from './display.js';

/**
 * The 1-based code point column of a 1-based UTF-8 byte column on `line`. A byte inside a
 * character maps to that character; a column past the end maps to just after the last character.
 */
export function codePointColumn(line: string, byteColumn: number): number {
  const target = Math.max(0, byteColumn - 1);
  let bytes = 0;
  let points = 0;
  for (const ch of line) {
    const next = bytes + utf8Bytes(ch.codePointAt(0)!);
    if (next > target) return points + 1;
    bytes = next;
    points++;
  }
  return points + 1;
}
