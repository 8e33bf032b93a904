// Broken Go files for differential tests of error recovery: real files cut short, with bytes
// deleted, tokens inserted, lines dropped, swapped or borrowed from another file. Deterministic
// for a given seed, so a failure can be reproduced.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** xorshift32: a tiny deterministic generator in [0, 1). */
export function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

/** Every .go file under `root`, sorted. */
export function goFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && p.endsWith('.go')) out.push(p);
    }
  };
  walk(root);
  return out.sort();
}

// ASCII only: where a name is missing go/parser puts a `_` that ends one byte after its
// position; at a multi-byte character that is inside the character, which UTF-16 offsets
// cannot express (we end it after the character).
const TOKENS = [
  '{', '}', '(', ')', '[', ']', ',', ';', ':', ':=', '=', '.', '...', '<-', '~', '|', '*', '&', '!', '&^', '++',
  'func', 'type', 'chan', 'map[', 'interface{', 'struct{', 'go', 'defer', 'range', 'if', 'else', 'for', 'switch',
  'select', 'case', 'default:', 'var', 'const', 'import', 'package', 'return', 'break', 'goto', 'fallthrough',
  '\n', '\t', '\r\n', "'", '"', '`', '/*', '*/', '//', '0x', '1e', '0b1', '1.5i', "'a'", '"s"', '_', 'x',
  'T[P any]', '[N]', '[]', '{}', '()', '\\', '\0',
];

export interface Mutant {
  /** The file the mutant was made from. */
  from: string;
  src: string;
}

/** `count` mutants of files picked from `files`. */
export function mutants(files: readonly string[], count: number, seed: number): Mutant[] {
  const rnd = random(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const out: Mutant[] = [];
  for (let k = 0; k < count; k++) {
    const from = pick(files);
    let src = readFileSync(from, 'utf8');
    const edits = 1 + Math.floor(rnd() * 3);
    for (let m = 0; m < edits; m++) {
      const at = Math.floor(rnd() * (src.length + 1));
      const r = rnd();
      if (r < 0.15 && m === 0) {
        src = src.slice(0, at);
      } else if (r < 0.45) {
        src = src.slice(0, at) + src.slice(at + 1 + Math.floor(rnd() * 8));
      } else if (r < 0.85) {
        src = src.slice(0, at) + pick(TOKENS) + src.slice(at);
      } else {
        const lines = src.split('\n');
        const i = Math.floor(rnd() * lines.length);
        if (r < 0.9) {
          lines.splice(i, 1);
        } else if (r < 0.95) {
          lines.splice(i, 0, pick(readFileSync(pick(files), 'utf8').split('\n')));
        } else {
          const j = Math.floor(rnd() * lines.length);
          [lines[i], lines[j]] = [lines[j]!, lines[i]!];
        }
        src = lines.join('\n');
      }
    }
    out.push({ from, src });
  }
  return out;
}
