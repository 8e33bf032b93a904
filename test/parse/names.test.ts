// Identifier spellings are shared through a table that starts over when full: every name must
// still read exactly as written, however many distinct names a thread has parsed.

import { describe, expect, it } from 'vitest';
import type * as ast from '../../src/parse/ast.js';
import { parseFile } from '../../src/parse/parser.js';
import { inspect } from '../../src/parse/walk.js';

function names(src: string): string[] {
  const out: string[] = [];
  inspect(parseFile(src).file, (n) => void (n.kind === 'Ident' && out.push((n as ast.Ident).name)));
  return out;
}

describe('identifier names', () => {
  it('read as written across table resets, for short, long and non-ASCII names', () => {
    // 3 files of 30,000 distinct names each: more than the table holds before it starts over
    for (let file = 0; file < 3; file++) {
      const declared: string[] = [];
      for (let i = 0; i < 30000; i++) declared.push(`v${file}_${i.toString(36)}`);
      declared.push('aVeryLongIdentifierName', 'größe', 'π', 'x_日本');
      const src = `package p\n\nvar (\n${declared.map((n) => `\t${n} = ${declared[0]}\n`).join('')})\n`;
      const got = names(src);
      expect(got[0]).toBe('p');
      const expected = declared.flatMap((n) => [n, declared[0]!]);
      expect(got.slice(1)).toEqual(expected);
    }
  });

  it('keeps keywords apart from names that start like them', () => {
    expect(names('package p\n\nfunc f() { var for_ int; goto_ := for_; _ = goto_ }\n')).toEqual([
      'p',
      'f',
      'for_',
      'int',
      'goto_',
      'for_',
      '_',
      'goto_',
    ]);
  });
});
