// Syntax errors: reported with the right position, recovered from at the next statement or
// declaration, and never a throw or a hang, whatever the input (truncated files, random
// bytes and tokens, binary junk, pathological nesting). The hand-written broken sources are
// checked against go/parser at the end of the file when a Go toolchain is installed.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type * as ast from '../../src/parse/ast.js';
import { LineIndex } from '../../src/parse/lines.js';
import { parseFile, type ParseResult } from '../../src/parse/parser.js';
import { goSourceRoot } from '../../tools/conformance.js';
import { crossCheck, go } from './crosscheck.js';
import { parsedSources, parseWithErrors } from './helpers.js';
import { random } from './mutants.js';

const PIPELINE = readFileSync(join(import.meta.dirname, 'testdata', 'pipeline.go'), 'utf8');

/** Errors as `line:column: message` (Go positions). */
function located(src: string, errors: ParseResult['errors']): string[] {
  const lines = new LineIndex(src);
  return errors.map((e) => {
    const p = lines.position(e.offset);
    return `${p.line}:${p.column}: ${e.message}`;
  });
}

function funcNames(file: ast.File): string[] {
  return file.decls.filter((d): d is ast.FuncDecl => d.kind === 'FuncDecl').map((d) => d.name.name);
}

/** parseFile must return (never throw) a file and consistent errors. */
function parseSafely(src: string): ParseResult {
  let result: ParseResult | undefined;
  expect(() => (result = parseFile(src))).not.toThrow();
  expect(result!.file.kind).toBe('File');
  for (const e of result!.errors) {
    expect(e.offset).toBeGreaterThanOrEqual(0);
    expect(e.offset).toBeLessThanOrEqual(src.length);
    expect(e.message).not.toMatch(/internal parser error/);
  }
  return result!;
}

describe('error reports', () => {
  it.each([
    ['package p\nfunc f() {\n\tx :=\n}\n', ["4:1: expected operand, found '}'"]],
    ['package p\nfunc f() {\n\tif x {\n}\n', ["4:3: expected '}', found 'EOF'"]],
    ['package p\nvar x = [1, 2]\n', ['2:11: unexpected comma; expecting ]']],
    ['package p\nfunc f() {\n\tfor i := 0; i < 3; i++; {\n\t}\n}\n', ["3:24: expected '{', found ';'", "5:3: expected '}', found 'EOF'"]],
    ['package p\nfunc f() { go f }\n', ['2:16: function must be invoked in go statement']],
    ['package p\nimport "a b"\n', ['2:8: invalid import path: "a b"']],
    ['package p\nfunc (T) m[P any]() {}\n', ['2:11: method must have no type parameters']],
    ['package p\ntype I interface{ m[P any]() }\n', ['2:20: interface method must have no type parameters']],
    ['package p\nfunc f() {\n\tswitch x = y.(type) {\n\t}\n}\n', ["3:11: expected ':=', found '='"]],
    // the literal's `{` opens the if block: composite literals in headers need parentheses
    ['package p\nfunc f() {\n\tif x == T{} {\n\t}\n}\n', ["3:14: expected ';', found '{'", "5:3: expected '}', found 'EOF'"]],
    ['package p\nvar s = "abc\n', ['2:9: string literal not terminated']],
    ['package p\nvar r = `abc\n', ['2:9: raw string literal not terminated']],
    ["package p\nvar c = 'ab'\n", ['2:9: illegal rune literal']],
    ['package p\n/* open\n', ['2:1: comment not terminated']],
    ['package p\nvar n = 0x\n', ['2:11: hexadecimal literal has no digits']],
    ['package p\nvar n = 1__0\n', ["2:11: '_' must separate successive digits"]],
    ['package p\nvar n = 09\n', ["2:10: invalid digit '9' in octal literal"]],
    ['package p\nvar s = "\\q"\n', ['2:11: unknown escape sequence']],
    ['package p\nvar x = 1 @ 2\n', ["2:11: illegal character U+0040 '@'"]],
    ['package p\nfunc f() { a, b := 1 }\n', []],
    ['package p\nfunc f() { a.b := 1 }\n', ['2:12: expected identifier on left side of :=']],
    ['package p\nfunc f() { x++ = 1 }\n', ["2:16: expected ';', found '='"]],
    ['func f() {}\n', ["1:1: expected 'package', found 'func'"]],
    ['\0package p\n', ['1:1: illegal character NUL', '1:1: illegal character U+0000']],
  ])('%j', (src, want) => {
    const p = parseWithErrors(src);
    expect(located(src, p.errors)).toEqual(want);
  });

  it('keeps one error per line and stops after the eleventh, as go/parser does', () => {
    const src = 'package p\n' + Array.from({ length: 30 }, (_, i) => `var v${i} = ) + )`).join('\n') + '\n';
    const p = parseWithErrors(src);
    const lines = located(src, p.errors).map((e) => e.split(':')[0]);
    expect(lines).toEqual(['2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12']);
    // go/parser then returns an empty file; we keep the declarations parsed before giving up
    expect(p.file.decls).toHaveLength(10);
  });

  it('orders errors by position, then message', () => {
    const src = 'package p\nvar a = "\\z" + `\n';
    const p = parseWithErrors(src);
    const offsets = p.errors.map((e) => e.offset);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
  });
});

describe('recovery', () => {
  it.each([
    ['an incomplete expression', 'func broken() {\n\tx := 1 +\n\treturn\n}'],
    ['a bad else', 'func broken() {\n\tif x {\n\t} else y {\n\t}\n}'],
    ['a missing comma in the parameters', 'func broken(a int b int) {\n}'],
    ['a case without a colon', 'func broken() {\n\tswitch x {\n\tcase 1\n\t\treturn\n\t}\n}'],
  ])('resumes after a function broken by %s', (_, broken) => {
    const src = ['package p', 'func before() int { return 1 }', broken, 'type T struct{ a int }', 'func after(t T) int { return t.a }', 'var v = after(T{})', ''].join('\n');
    const p = parseWithErrors(src);
    expect(p.errors).toHaveLength(1);
    const line = new LineIndex(src).line(p.errors[0]!.offset);
    expect(line).toBeGreaterThanOrEqual(3);
    expect(line).toBeLessThan(3 + broken.split('\n').length);
    expect(p.file.decls.map((d) => (d.kind === 'FuncDecl' ? d.name.name : d.kind))).toEqual(['before', 'broken', 'GenDecl', 'after', 'GenDecl']);
    const after = p.file.decls[3] as ast.FuncDecl;
    expect(after.body!.list[0]!.kind).toBe('ReturnStmt');
  });

  // go/parser resynchronises at statement keywords only, so some breaks swallow the rest
  it('follows go/parser when a break swallows the following declarations', () => {
    const src = 'package p\nfunc f() {\n\tx = = 1\n\ty := 2\n}\nfunc g() {}\n';
    const p = parseWithErrors(src);
    expect(located(src, p.errors)[0]).toBe("3:6: expected operand, found '='");
    expect(funcNames(p.file)).toEqual(['f']);
  });

  it('resumes at the next statement inside a function', () => {
    const src = 'package p\nfunc f() {\n\ta := 1\n\tb := )\n\tgo g(a)\n\tdefer h()\n}\nfunc g(int) {}\n';
    const p = parseWithErrors(src);
    expect(located(src, p.errors)).toEqual(["4:7: expected operand, found ')'", "5:2: expected ';', found 'go'"]);
    const body = (p.file.decls[0] as ast.FuncDecl).body!.list.map((s) => s.kind);
    expect(body).toContain('GoStmt');
    expect(body).toContain('DeferStmt');
    expect(funcNames(p.file)).toEqual(['f', 'g']);
  });

  it('recovers in a real file with a function broken in the middle', () => {
    const src = PIPELINE.replace('\tcase fmt.Stringer:\n', '\tcase fmt.Stringer\n');
    const p = parseWithErrors(src);
    expect(located(src, p.errors)).toEqual(['110:19: expected \':\', found newline']);
    expect(funcNames(p.file)).toEqual(['New', 'Run', 'Sum', 'describe', 'retry']);
    expect(p.file.decls.some((d) => d.kind === 'GenDecl' && (d.specs[0] as ast.ValueSpec).names?.[0]?.name === 'table')).toBe(true);
  });

  it('returns the declarations parsed before a bad package clause stops the file', () => {
    const p = parseWithErrors('pkg p\nfunc f() {}\n');
    expect(p.errors.length).toBe(1);
    expect(p.file.decls).toEqual([]);
  });
});

describe('never throws, never hangs', () => {
  it('parses the test file cleanly', () => {
    expect(parseSafely(PIPELINE).errors).toEqual([]);
  });

  it('survives a real file cut at 200 offsets', () => {
    const rnd = random(7);
    let broken = 0;
    for (let i = 0; i < 200; i++) {
      const cut = i < 100 ? Math.floor((i * PIPELINE.length) / 100) : Math.floor(rnd() * PIPELINE.length);
      if (parseSafely(PIPELINE.slice(0, cut)).errors.length > 0) broken++;
    }
    expect(broken, 'most cuts fall inside a declaration').toBeGreaterThan(150);
  });

  it('survives random text (all of Unicode, lone surrogates, NULs)', () => {
    const rnd = random(11);
    for (let i = 0; i < 300; i++) {
      const n = Math.floor(rnd() * 2000);
      let s = i % 2 === 0 ? 'package p\n' : '';
      for (let k = 0; k < n; k++) s += String.fromCharCode(Math.floor(rnd() * (rnd() < 0.8 ? 128 : 0x10000)));
      parseSafely(s);
    }
  });

  it('survives binary junk with NULs', () => {
    const rnd = random(13);
    const bytes = new Uint8Array(64 * 1024);
    for (let i = 0; i < bytes.length; i++) bytes[i] = rnd() < 0.2 ? 0 : Math.floor(rnd() * 256);
    const junk = new TextDecoder('latin1').decode(bytes);
    expect(parseSafely(junk).errors.length).toBeGreaterThan(0);
    // NUL is illegal anywhere, strings included; in code it is also an illegal token
    const src = 'package p\n\nvar x = 1\x00\nvar y = "a\x00b"\n';
    expect(located(src, parseWithErrors(src).errors)).toEqual([
      '3:10: illegal character NUL',
      '3:10: illegal character U+0000',
      '4:11: illegal character NUL',
    ]);
  });

  it('survives a megabyte of random Go tokens', () => {
    const tokens = ['x', 'y', '1', '"s"', '(', ')', '{', '}', '[', ']', ',', ';', '\n', ':=', '=', '+', '*', '<-', '.', 'func',
      'go', 'chan', 'map', 'select', 'case', 'default', ':', 'for', 'range', 'if', 'else', 'type', 'struct', 'interface',
      'var', 'return', '...', '~', '|', '&', '!', "'c'", '`r`', '/*c*/', '//c\n'];
    const rnd = random(17);
    const parts = ['package p\n'];
    let size = 0;
    while (size < 1 << 20) {
      const t = tokens[Math.floor(rnd() * tokens.length)]!;
      parts.push(t, ' ');
      size += t.length + 1;
    }
    const r = parseSafely(parts.join(''));
    expect(r.errors.length).toBeGreaterThan(0);
    // the same tokens in a function body, where statements recover one at a time
    parseSafely('package p\nfunc f() {\n' + parts.slice(1).join('') + '\n}\n');
  });

  it('survives a megabyte of valid statements', () => {
    const body = 'x := []int{1, 2}\nfor i := range x {\n\tgo func() { ch <- x[i] * 2 }()\n}\n'.repeat(15000);
    const r = parseSafely(`package p\nfunc f(ch chan int) {\n${body}}\n`);
    expect(r.errors).toEqual([]);
  });

  const N = 100_000;
  it.each([
    ['parentheses', `var x = ${'('.repeat(N)}1${')'.repeat(N)}`],
    ['blocks', `func f() {${'{'.repeat(N)}${'}'.repeat(N)}}`],
    ['composite literals', `var x = ${'T{'.repeat(N)}${'}'.repeat(N)}`],
    ['function literals', `var x = ${'func() { _ = '.repeat(N)}1${'}'.repeat(N)}`],
    ['if statements', `func f() {${'if x {'.repeat(N)}${'}'.repeat(N)}}`],
    ['else-if chains', `func f() { if x {}${' else if x {}'.repeat(N)} }`],
    ['pointer types', `var x ${'*'.repeat(N)}int`],
    ['channel types', `var x ${'chan '.repeat(N)}int`],
    ['slice types', `var x ${'[]'.repeat(N)}int`],
    ['unary operators', `var x = ${'-'.repeat(N)}1`],
    ['binary chains', `var x = 1${' + 1'.repeat(N)}`],
    ['right-nested binary expressions', `var x = ${'1 + ('.repeat(N)}1${')'.repeat(N)}`],
    ['selector chains', `var x = a${'.b'.repeat(N)}`],
    ['index chains', `var x = a${'[0]'.repeat(N)}`],
    ['call chains', `var x = f${'()'.repeat(N)}`],
    ['labels', `func f() {${' L:'.repeat(N)} }`],
    ['unclosed parentheses', `var x = ${'('.repeat(N)}`],
    ['unclosed braces', `func f() ${'{'.repeat(N)}`],
  ])('%s nested 100,000 deep: an error or a tree, no throw', (_, decl) => {
    const src = `package p\n\nvar before = 1\n\n${decl}\n`;
    const r = parseSafely(src);
    if (r.errors.length > 0) {
      // the declarations before the deep one survive
      expect(r.file.decls[0]!.kind).toBe('GenDecl');
      expect(r.errors[0]!.message).toMatch(/nested too deeply|max nesting depth|expected|label/);
    }
  });

  it('parses moderate nesting (a few hundred levels) without errors', () => {
    const n = 300;
    const r = parseSafely(`package p\nvar x = ${'('.repeat(n)}1${')'.repeat(n)}\nvar y = ${'[]T{'.repeat(n)}${'}'.repeat(n)}\nfunc f() {${'{'.repeat(n)}${'}'.repeat(n)}}\n`);
    expect(r.errors).toEqual([]);
  });
});

describe('invalid UTF-8 (decoded to U+FFFD by the file reader)', () => {
  it('is an error in code', () => {
    const src = 'package p\nvar x\uFFFD = 1\n';
    const p = parseWithErrors(src);
    expect(located(src, p.errors)[0]).toBe("2:6: illegal character U+FFFD '\uFFFD'");
  });

  it('is not an error in strings, raw strings, runes and comments', () => {
    const p = parseWithErrors('package p\n// \uFFFD\nvar s = "\uFFFD" + `\uFFFD` /* \uFFFD */\nvar r = \'\uFFFD\'\n');
    expect(p.errors).toEqual([]);
  });

  it('reports a byte order mark after the start of the file', () => {
    const src = 'package p\nvar x = \uFEFF1\n';
    const p = parseWithErrors(src);
    expect(located(src, p.errors)).toEqual(['2:9: illegal byte order mark']);
  });
});

describe.runIf(go !== null)('the broken sources above', () => {
  it('get the same errors and partial trees from go/parser', () => {
    expect(crossCheck(parsedSources)).toEqual([]);
  });

  const parserGo = go !== null ? join(goSourceRoot(), 'go', 'parser', 'parser.go') : '';
  it.runIf(existsSync(parserGo))('go/parser.go cut at 200 offsets gets the same errors and partial trees', () => {
    const src = readFileSync(parserGo, 'utf8');
    const rnd = random(23);
    const cuts = Array.from({ length: 200 }, (_, i) => (i < 100 ? Math.floor((i * src.length) / 100) : Math.floor(rnd() * src.length)));
    const sources = cuts.map((c) => src.slice(0, c));
    for (const s of sources) parseSafely(s);
    expect(crossCheck(sources)).toEqual([]);
  });
});
