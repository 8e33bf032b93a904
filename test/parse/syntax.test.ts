// Targeted cases for every syntax form of current Go: tree shape, key fields and exact
// positions. Every source parsed here is also checked against go/parser at the end of the
// file when a Go toolchain is installed (tree fingerprints with exact positions).

import { describe, expect, it } from 'vitest';
import type * as ast from '../../src/parse/ast.js';
import { ChanDir } from '../../src/parse/ast.js';
import { LineIndex, utf8Length } from '../../src/parse/lines.js';
import { parseFile, unquote } from '../../src/parse/parser.js';
import { Tok } from '../../src/parse/token.js';
import { forEachChild, inspect, setParents } from '../../src/parse/walk.js';
import { crossCheck, go } from './crosscheck.js';
import { parse, parseBody, parseDecls, parsedSources, parseWithErrors } from './helpers.js';

describe('files and imports', () => {
  it('records the package clause and every import form', () => {
    const p = parse('package main\n\nimport "fmt"\nimport (\n\tf "fmt"\n\t. "math"\n\t_ "embed"\n)\n');
    expect(p.file.package).toBe(0);
    expect(p.file.name.name).toBe('main');
    expect(p.file.imports.map((s) => [s.name?.name ?? null, s.path.value])).toEqual([
      [null, '"fmt"'],
      ['f', '"fmt"'],
      ['.', '"math"'],
      ['_', '"embed"'],
    ]);
    const grouped = p.file.decls[1] as ast.GenDecl;
    expect(grouped.tok).toBe(Tok.IMPORT);
    expect(p.src[grouped.lparen]).toBe('(');
    expect(p.text(grouped)).toBe('import (\n\tf "fmt"\n\t. "math"\n\t_ "embed"\n)');
    expect(p.text(p.file.imports[1]!)).toBe('f "fmt"');
    expect(p.text(p.file.imports[2]!.name!)).toBe('.');
  });

  it('spans the file from `package` to the end of the last declaration', () => {
    const p = parse('// doc\npackage p\n\nvar x int // trailing\n');
    expect(p.file.pos).toBe(7);
    expect(p.text(p.file)).toBe('package p\n\nvar x int');
    expect(p.file.comments.map((c) => c.text)).toEqual(['// doc', '// trailing']);
  });

  it('skips a byte order mark at the start of the file', () => {
    const p = parse('\uFEFFpackage p\n\nvar x = 1\n');
    expect(p.file.package).toBe(1);
    expect(p.at('Ident', 'x').pos).toBe(16);
  });

  it('keeps //line directives as comments without moving positions', () => {
    const src = 'package p\n\n//line other.go:100\nvar x = 1\n/*line :7:3*/var y = 2\n';
    const p = parse(src);
    const lines = new LineIndex(src);
    expect(lines.position(p.at('Ident', 'x').pos)).toEqual({ line: 4, column: 5 });
    expect(lines.position(p.at('Ident', 'y').pos)).toEqual({ line: 5, column: 18 });
    expect(p.file.comments.map((c) => c.text)).toEqual(['//line other.go:100', '/*line :7:3*/']);
  });
});

describe('declarations', () => {
  it('const groups with iota and implicit repetition', () => {
    const p = parseDecls('const (\n\tA Kind = iota\n\tB\n\tC = "c"\n)');
    const d = p.file.decls[0] as ast.GenDecl;
    expect(d.tok).toBe(Tok.CONST);
    const specs = d.specs as ast.ValueSpec[];
    expect(specs.map((s) => [s.names[0]!.name, s.type && p.text(s.type), s.values.map(p.text)])).toEqual([
      ['A', 'Kind', ['iota']],
      ['B', null, []],
      ['C', null, ['"c"']],
    ]);
    expect(p.text(specs[0]!)).toBe('A Kind = iota');
    expect(p.text(specs[1]!)).toBe('B');
  });

  it('var with several names, a type and values', () => {
    const p = parseDecls('var a, b int = 1, 2\nvar c = map[string]int{}');
    const s = p.find('ValueSpec');
    expect(s.names.map((n) => n.name)).toEqual(['a', 'b']);
    expect(p.text(s)).toBe('a, b int = 1, 2');
    expect(p.find('ValueSpec', (v) => v.names[0]!.name === 'c').values[0]!.kind).toBe('CompositeLit');
  });

  it('defined types and aliases', () => {
    const p = parseDecls('type (\n\tID int64\n\tName = string\n)');
    const [id, name] = (p.file.decls[0] as ast.GenDecl).specs as ast.TypeSpec[];
    expect(id!.assign).toBe(-1);
    expect(p.src[name!.assign]).toBe('=');
    expect(p.text(name!)).toBe('Name = string');
  });

  it('functions: results, variadics, no body (assembly)', () => {
    const p = parseDecls('func f(a, b int, rest ...string) (n int, err error) { return }\nfunc g(int, string) error\nfunc h()');
    const f = p.find('FuncDecl', (d) => d.name.name === 'f');
    expect(f.type.params.list.map((fl) => [fl.names.map((n) => n.name), p.text(fl.type!)])).toEqual([
      [['a', 'b'], 'int'],
      [['rest'], '...string'],
    ]);
    expect(f.type.params.list[1]!.type!.kind).toBe('Ellipsis');
    expect(p.text(f.type.results!)).toBe('(n int, err error)');
    expect(f.type.pos).toBe(f.pos); // FuncType starts at `func`
    const g = p.find('FuncDecl', (d) => d.name.name === 'g');
    expect(g.body).toBeNull();
    expect(g.type.params.list.map((fl) => fl.names.length)).toEqual([0, 0]);
    expect(g.type.results!.opening).toBe(-1); // unparenthesized result
    expect(p.text(g)).toBe('func g(int, string) error');
    expect(p.text(p.find('FuncDecl', (d) => d.name.name === 'h'))).toBe('func h()');
  });

  it('methods on value, pointer and generic receivers', () => {
    const p = parseDecls('func (s *Server) Run() {}\nfunc (List[T]) Len() int { return 0 }\nfunc (p *Pair[K, V]) Key() K { return p.k }');
    const run = p.find('FuncDecl', (d) => d.name.name === 'Run');
    expect(p.text(run.recv!)).toBe('(s *Server)');
    expect(run.recv!.list[0]!.type!.kind).toBe('StarExpr');
    const len = p.find('FuncDecl', (d) => d.name.name === 'Len');
    expect(len.recv!.list[0]!.names).toEqual([]);
    expect(len.recv!.list[0]!.type!.kind).toBe('IndexExpr');
    const key = p.find('FuncDecl', (d) => d.name.name === 'Key');
    const star = key.recv!.list[0]!.type as ast.StarExpr;
    expect(star.x.kind).toBe('IndexListExpr');
    expect(p.text(star.x)).toBe('Pair[K, V]');
  });
});

describe('generics', () => {
  it('type parameters on functions, with constraints using ~ and |', () => {
    const p = parseDecls('func Sum[T ~int | ~float64, U any](xs ...T) (s T) { return }');
    const tps = p.find('FuncDecl').type.typeParams!;
    expect(p.text(tps)).toBe('[T ~int | ~float64, U any]');
    const [t, u] = tps.list;
    expect(t!.names[0]!.name).toBe('T');
    const c = t!.type as ast.BinaryExpr;
    expect(c.kind).toBe('BinaryExpr');
    expect(c.op).toBe(Tok.OR);
    expect((c.x as ast.UnaryExpr).op).toBe(Tok.TILDE);
    expect(p.text(c.x)).toBe('~int');
    expect(p.text(u!.type!)).toBe('any');
  });

  it('type parameters on types, several names sharing a constraint', () => {
    const p = parseDecls('type Pair[K comparable, V any] struct{ k K; v V }\ntype Set[T, U comparable] map[T]U');
    const pair = p.find('TypeSpec', (s) => s.name.name === 'Pair');
    expect(pair.typeParams!.list.map((f) => f.names.map((n) => n.name))).toEqual([['K'], ['V']]);
    expect(pair.type.kind).toBe('StructType');
    const set = p.find('TypeSpec', (s) => s.name.name === 'Set');
    expect(set.typeParams!.list[0]!.names.map((n) => n.name)).toEqual(['T', 'U']);
    expect(set.type.kind).toBe('MapType');
  });

  it('constraint interfaces with type sets and methods', () => {
    const p = parseDecls('type Number interface {\n\t~int | ~int64 | float64\n\tString() string\n}');
    const it = p.find('InterfaceType');
    expect(it.methods.list).toHaveLength(2);
    expect(it.methods.list[0]!.names).toEqual([]);
    expect(p.text(it.methods.list[0]!.type!)).toBe('~int | ~int64 | float64');
    expect(it.methods.list[1]!.names[0]!.name).toBe('String');
    // a method's FuncType has no `func` keyword: it starts at its parameters
    expect(p.text(it.methods.list[1]!.type!)).toBe('() string');
  });

  it('generic type aliases', () => {
    const p = parseDecls('type Vec[T any] = []T');
    const s = p.find('TypeSpec');
    expect(p.src[s.assign]).toBe('=');
    expect(p.text(s.typeParams!)).toBe('[T any]');
    expect(s.type.kind).toBe('ArrayType');
  });

  it('instantiation: F[int], F[int, string], pkg.F[T] and generic calls', () => {
    const p = parseBody('f := Map[int, string]\ng := slices.Index[[]int]\nh := Max[int](1, 2)\n_, _, _ = f, g, h');
    expect(p.at('IndexListExpr', 'Map[int, string]').indices.map(p.text)).toEqual(['int', 'string']);
    const idx = p.at('IndexExpr', 'slices.Index[[]int]');
    expect(idx.x.kind).toBe('SelectorExpr');
    expect(idx.index.kind).toBe('ArrayType');
    const call = p.at('CallExpr', 'Max[int](1, 2)');
    expect(call.fun.kind).toBe('IndexExpr');
    expect(call.args).toHaveLength(2);
  });

  it('composite literals of instantiated types', () => {
    const p = parseBody('a := List[int]{}\nb := Pair[string, int]{k: "x", v: 1}\nc := &pkg.Box[T]{}\n_, _, _ = a, b, c');
    expect(p.at('CompositeLit', 'List[int]{}').type!.kind).toBe('IndexExpr');
    const b = p.at('CompositeLit', 'Pair[string, int]{k: "x", v: 1}');
    expect(b.type!.kind).toBe('IndexListExpr');
    expect(b.elts.map((e) => e.kind)).toEqual(['KeyValueExpr', 'KeyValueExpr']);
    expect((p.at('CompositeLit', 'pkg.Box[T]{}').type as ast.IndexExpr).x.kind).toBe('SelectorExpr');
  });

  it('embedded instantiated types in structs and interfaces', () => {
    const p = parseDecls('type S struct {\n\tList[int]\n\t*Pair[K, V]\n\tpkg.Box[T]\n\tarr [N]int\n}\ntype I interface {\n\tList[int]\n\tPair[int, string]\n}');
    const fields = p.find('StructType').fields.list;
    expect(fields.map((f) => [f.names.map((n) => n.name), f.type!.kind])).toEqual([
      [[], 'IndexExpr'],
      [[], 'StarExpr'],
      [[], 'IndexExpr'],
      [['arr'], 'ArrayType'],
    ]);
    const elems = p.find('InterfaceType').methods.list;
    expect(elems.map((f) => [f.names.length, f.type!.kind])).toEqual([
      [0, 'IndexExpr'],
      [0, 'IndexListExpr'],
    ]);
  });

  // go/parser's extractName decides between an array length and a type parameter list.
  it.each([
    ['type T [N]int', 'array'],
    ['type T [N * M]int', 'array'],
    ['type T[P *C] int', 'array'],
    ['type T[P (C)] int', 'array'],
    ['type T[P *C | Q] int', 'array'],
    ['type T[a.b] int', 'array'],
    ['type T[P *C,] int', 'generic'],
    ['type T[P *struct{}] int', 'generic'],
    ['type T[P *C | *D] int', 'array'],
    ['type T[P *C | []int] int', 'generic'],
    ['type T[P ([]int)] int', 'generic'],
    ['type T[P ~int] int', 'generic'],
    ['type T[P C | D] int', 'generic'],
    ['type T[P []int] int', 'generic'],
    ['type T[P interface{}] int', 'generic'],
    ['type T[P any, Q any] int', 'generic'],
  ])('%s is %s', (decl, want) => {
    const s = parseDecls(decl).find('TypeSpec');
    expect(s.typeParams === null ? 'array' : 'generic').toBe(want);
    expect(s.type.kind).toBe(want === 'array' ? 'ArrayType' : 'Ident');
  });
});

describe('types', () => {
  it('channel types bind the arrow as go/parser does', () => {
    const p = parseDecls('var (\n\ta chan int\n\tb <-chan int\n\tc chan<- int\n\td chan<- chan int\n\te <-chan <-chan int\n\tf chan (<-chan int)\n\tg chan<- <-chan int\n)');
    const chan = (name: string) => p.find('ValueSpec', (s) => s.names[0]!.name === name).type as ast.ChanType;
    expect(chan('a').dir).toBe(ChanDir.BOTH);
    expect(chan('b').dir).toBe(ChanDir.RECV);
    expect(chan('c').dir).toBe(ChanDir.SEND);
    expect(p.text(chan('c'))).toBe('chan<- int');
    expect(p.src.slice(chan('c').arrow, chan('c').arrow + 2)).toBe('<-');
    const d = chan('d');
    expect([d.dir, (d.value as ast.ChanType).dir]).toEqual([ChanDir.SEND, ChanDir.BOTH]);
    const e = chan('e');
    expect([e.dir, (e.value as ast.ChanType).dir]).toEqual([ChanDir.RECV, ChanDir.RECV]);
    expect(p.text(e.value)).toBe('<-chan int');
    expect(p.text(chan('f').value)).toBe('(<-chan int)');
    const g = chan('g');
    expect([g.dir, (g.value as ast.ChanType).dir]).toEqual([ChanDir.SEND, ChanDir.RECV]);
  });

  it('receive-only channel types in conversions re-associate the arrow', () => {
    const p = parseBody('_ = (<-chan int)(c)\n_ = (<-chan <-chan int)(nil)\n_ = <-chan int(nil)');
    expect(p.at('ChanType', '<-chan int').dir).toBe(ChanDir.RECV);
    const nested = p.at('ChanType', '<-chan <-chan int');
    expect(nested.dir).toBe(ChanDir.RECV);
    expect((nested.value as ast.ChanType).dir).toBe(ChanDir.RECV);
    // without parentheses the arrow receives from the converted value
    expect(p.at('UnaryExpr', '<-chan int(nil)').x.kind).toBe('CallExpr');
  });

  it('arrays, slices, maps, pointers, functions, structs with tags', () => {
    const p = parseDecls('type T struct {\n\ta, b [4]int `json:"a"`\n\tm map[string][]*T\n\tf func(int) (bool, error)\n\tE\n\t*pkg.F\n}');
    const fields = p.find('StructType').fields.list;
    expect(fields[0]!.names.map((n) => n.name)).toEqual(['a', 'b']);
    expect(fields[0]!.tag!.value).toBe('`json:"a"`');
    expect(p.text(fields[0]!)).toBe('a, b [4]int `json:"a"`');
    expect(p.text((fields[0]!.type as ast.ArrayType).len!)).toBe('4');
    expect(p.text(fields[1]!.type!)).toBe('map[string][]*T');
    expect((fields[2]!.type as ast.FuncType).results!.list).toHaveLength(2);
    expect([fields[3]!.names, p.text(fields[3]!.type!)]).toEqual([[], 'E']);
    expect([fields[4]!.names, p.text(fields[4]!.type!)]).toEqual([[], '*pkg.F']);
  });

  it('array lengths: [...]T in literals, constant expressions', () => {
    const p = parseBody('a := [...]string{"x", "y"}\nvar b [2 * N]byte\n_, _ = a, b');
    const lit = p.find('CompositeLit');
    expect((lit.type as ast.ArrayType).len!.kind).toBe('Ellipsis');
    expect(p.at('ArrayType', '[2 * N]byte').len!.kind).toBe('BinaryExpr');
  });
});

describe('expressions', () => {
  it('operator precedence and associativity', () => {
    const p = parseBody('_ = a + b*c - d\n_ = x || y && !z\n_ = p &^ q << 2 == r');
    const sum = p.at('BinaryExpr', 'a + b*c - d');
    expect(sum.op).toBe(Tok.SUB);
    expect(p.text(sum.x)).toBe('a + b*c');
    expect((sum.x as ast.BinaryExpr).op).toBe(Tok.ADD);
    expect(p.text((sum.x as ast.BinaryExpr).y)).toBe('b*c');
    const or = p.at('BinaryExpr', 'x || y && !z');
    expect(or.op).toBe(Tok.LOR);
    expect(p.text(or.y)).toBe('y && !z');
    const eq = p.at('BinaryExpr', 'p &^ q << 2 == r');
    expect(eq.op).toBe(Tok.EQL);
    expect((eq.x as ast.BinaryExpr).op).toBe(Tok.SHL);
    expect(p.text((eq.x as ast.BinaryExpr).x)).toBe('p &^ q');
    expect(p.src.slice(eq.opPos, eq.opPos + 2)).toBe('==');
  });

  it('unary operators, receive, address, dereference', () => {
    const p = parseBody('_ = -x + ^y\n_ = <-ch\n_ = &T{}\n_ = *ptr\nv, ok := <-ch\n_, _ = v, ok');
    expect(p.at('UnaryExpr', '-x').op).toBe(Tok.SUB);
    expect(p.at('UnaryExpr', '^y').op).toBe(Tok.XOR);
    expect(p.at('UnaryExpr', '<-ch').op).toBe(Tok.ARROW);
    expect(p.at('UnaryExpr', '&T{}').x.kind).toBe('CompositeLit');
    expect(p.at('StarExpr', '*ptr').x.kind).toBe('Ident');
    const recv = p.find('AssignStmt', (a) => a.tok === Tok.DEFINE);
    expect(recv.lhs.map(p.text)).toEqual(['v', 'ok']);
    expect(recv.rhs[0]!.kind).toBe('UnaryExpr');
  });

  it('selectors, index, slices (2 and 3 index), type assertions', () => {
    const p = parseBody('_ = a.b.c\n_ = m["k"]\n_ = s[1:2]\n_ = s[:]\n_ = s[1:2:3]\n_ = s[:2:3]\n_ = x.(io.Reader)');
    expect(p.text(p.at('SelectorExpr', 'a.b.c').x)).toBe('a.b');
    expect(p.at('IndexExpr', 'm["k"]').index.kind).toBe('BasicLit');
    const s12 = p.at('SliceExpr', 's[1:2]');
    expect([s12.slice3, p.text(s12.low!), p.text(s12.high!), s12.max]).toEqual([false, '1', '2', null]);
    const all = p.at('SliceExpr', 's[:]');
    expect([all.low, all.high, all.max]).toEqual([null, null, null]);
    const s3 = p.at('SliceExpr', 's[1:2:3]');
    expect([s3.slice3, p.text(s3.max!)]).toEqual([true, '3']);
    expect(p.at('SliceExpr', 's[:2:3]').low).toBeNull();
    expect(p.text(p.at('TypeAssertExpr', 'x.(io.Reader)').type!)).toBe('io.Reader');
  });

  it('calls with ... and conversions to parenthesized types', () => {
    const p = parseBody('f(xs...)\n_ = append(a, b...)\n_ = (*T)(x)\n_ = []byte(s)\n_ = (func())(fn)\n_ = map[string]int(m)\n_ = make(chan int, 1)');
    const f = p.at('CallExpr', 'f(xs...)');
    expect(p.src.slice(f.ellipsis, f.ellipsis + 3)).toBe('...');
    expect([p.src[f.lparen], p.src[f.rparen]]).toEqual(['(', ')']);
    expect(p.at('CallExpr', 'append(a, b...)').ellipsis).toBeGreaterThan(0);
    const conv = p.at('CallExpr', '(*T)(x)');
    expect(conv.ellipsis).toBe(-1);
    expect(conv.fun.kind).toBe('ParenExpr');
    expect((conv.fun as ast.ParenExpr).x.kind).toBe('StarExpr');
    expect(p.at('CallExpr', '[]byte(s)').fun.kind).toBe('ArrayType');
    expect((p.at('CallExpr', '(func())(fn)').fun as ast.ParenExpr).x.kind).toBe('FuncType');
    expect(p.at('CallExpr', 'make(chan int, 1)').args[0]!.kind).toBe('ChanType');
  });

  it('method expressions and method values', () => {
    const p = parseBody('_ = T.Method\n_ = (*T).Method\n_ = t.Method\ngo s.run()');
    expect(p.at('SelectorExpr', '(*T).Method').x.kind).toBe('ParenExpr');
    expect(p.find('GoStmt').call.fun.kind).toBe('SelectorExpr');
  });

  it('function literals, immediately called', () => {
    const p = parseBody('func(x int) { _ = x }(1)\ndefer func() { recover() }()');
    const call = p.at('CallExpr', 'func(x int) { _ = x }(1)');
    expect(call.fun.kind).toBe('FuncLit');
    expect(p.text((call.fun as ast.FuncLit).body)).toBe('{ _ = x }');
    expect(p.find('DeferStmt').call.fun.kind).toBe('FuncLit');
  });

  it('composite literals: keyed, nested with elided types, maps, pointers', () => {
    const p = parseBody('_ = [][]int{{1, 2}, {3}}\n_ = map[string]Point{"o": {0, 0}}\n_ = []*T{{}}\n_ = Point{X: 1, Y: 2}');
    const outer = p.at('CompositeLit', '[][]int{{1, 2}, {3}}');
    expect(outer.elts.map((e) => [e.kind, (e as ast.CompositeLit).type])).toEqual([
      ['CompositeLit', null],
      ['CompositeLit', null],
    ]);
    expect([p.src[outer.lbrace], p.src[outer.rbrace]]).toEqual(['{', '}']);
    const kv = p.at('KeyValueExpr', '"o": {0, 0}');
    expect(kv.value.kind).toBe('CompositeLit');
    expect(p.at('CompositeLit', 'Point{X: 1, Y: 2}').elts.map(p.text)).toEqual(['X: 1', 'Y: 2']);
  });
});

describe('literals', () => {
  it.each([
    ['42', Tok.INT],
    ['0x_1F', Tok.INT],
    ['0o17', Tok.INT],
    ['017', Tok.INT],
    ['0b1010', Tok.INT],
    ['1_000_000', Tok.INT],
    ['1.5', Tok.FLOAT],
    ['.5', Tok.FLOAT],
    ['1.', Tok.FLOAT],
    ['1e10', Tok.FLOAT],
    ['6.02_214e+23', Tok.FLOAT],
    ['0x1p-2', Tok.FLOAT],
    ['0x1.8p1', Tok.FLOAT],
    ['0X_1FFFP-16', Tok.FLOAT],
    ['2i', Tok.IMAG],
    ['1.5i', Tok.IMAG],
    ['0x1p2i', Tok.IMAG],
    ['017i', Tok.IMAG],
    ['0i', Tok.IMAG],
    ["'a'", Tok.CHAR],
    ["'\\n'", Tok.CHAR],
    ["'\\x41'", Tok.CHAR],
    ["'\\101'", Tok.CHAR],
    ["'\\u00e9'", Tok.CHAR],
    ["'\\U0001F600'", Tok.CHAR],
    ["'\\''", Tok.CHAR],
    ["'界'", Tok.CHAR],
    ['"a\\tb\\"c"', Tok.STRING],
    ['`raw \\n`', Tok.STRING],
  ])('%s', (lit, kind) => {
    const p = parseDecls(`var x = ${lit}`);
    const b = p.find('BasicLit');
    expect(b.litKind).toBe(kind);
    expect(b.value).toBe(lit);
    expect(p.text(b)).toBe(lit);
  });

  it('raw strings: multi-line, carriage returns dropped from the value as in go/ast', () => {
    const src = 'package p\n\nvar x = `a\r\nb`\nvar y = 1\n';
    const p = parse(src);
    const raw = p.find('BasicLit');
    expect(raw.value).toBe('`a\nb`');
    // go/ast: End() = pos + len(value), one short of the closing quote per dropped CR
    expect(raw.end).toBe(raw.pos + raw.value.length);
    expect(p.at('Ident', 'y').pos).toBe(src.indexOf('y ='));
  });

  it('unquotes import paths byte-wise like strconv.Unquote', () => {
    expect(unquote('"fmt"')).toBe('fmt');
    expect(unquote('`a/b`')).toBe('a/b');
    expect(unquote('"caf\\u00e9"')).toBe('café');
    expect(unquote('"caf\\xc3\\xa9"')).toBe('café');
    expect(unquote('"\\xff"')).toBe('\uFFFD');
    expect(unquote('"\\400"')).toBeNull();
    expect(unquote('"\\uD800"')).toBeNull();
    expect(unquote('"\\U00110000"')).toBeNull();
    expect(unquote('"\\uzzzz"')).toBeNull();
    expect(unquote('"\\q"')).toBeNull();
  });
});

describe('statements', () => {
  it('declarations, labels, empty statements and blocks', () => {
    const p = parseBody('var x int\nconst c = 1\ntype t struct{}\n;\n{\n\tx++\n}\nL:\n\tfor {\n\t\tbreak L\n\t}\ngoto M\nM:\n');
    const kinds = p.find('FuncDecl').body!.list.map((s) => s.kind);
    expect(kinds).toEqual(['DeclStmt', 'DeclStmt', 'DeclStmt', 'EmptyStmt', 'BlockStmt', 'LabeledStmt', 'BranchStmt', 'LabeledStmt']);
    const empty = p.find('EmptyStmt', (e) => !e.implicit);
    expect(p.text(empty)).toBe(';');
    const l = p.find('LabeledStmt', (s) => s.label.name === 'L');
    expect(l.stmt.kind).toBe('ForStmt');
    expect(p.find('BranchStmt', (b) => b.tok === Tok.BREAK).label!.name).toBe('L');
    // a label at the end of a block labels an implicit empty statement
    const m = p.find('LabeledStmt', (s) => s.label.name === 'M');
    expect(m.stmt.kind).toBe('EmptyStmt');
    expect((m.stmt as ast.EmptyStmt).implicit).toBe(true);
  });

  it('simple statements: send, inc/dec, every assignment operator', () => {
    const ops = ['=', ':=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '<<=', '>>=', '&^='];
    const p = parseBody(['ch <- v', 'i++', 'j--', ...ops.map((op) => `x ${op} 1`), 'a, b = b, a'].join('\n'));
    const send = p.find('SendStmt');
    expect([p.text(send.chan), p.text(send.value), p.src.slice(send.arrow, send.arrow + 2)]).toEqual(['ch', 'v', '<-']);
    expect(p.all('IncDecStmt').map((s) => [p.text(s), s.tok])).toEqual([
      ['i++', Tok.INC],
      ['j--', Tok.DEC],
    ]);
    const assigns = p.all('AssignStmt');
    expect(assigns.map((a) => /^[^\s\w]+/.exec(p.src.slice(a.tokPos))![0])).toEqual([...ops, '=']);
    expect(assigns[assigns.length - 1]!.lhs).toHaveLength(2);
  });

  it('go, defer, return, fallthrough, continue', () => {
    const p = parseBody('go worker(ch)\ndefer mu.Unlock()\nfor {\n\tcontinue\n}\nswitch {\ncase true:\n\tfallthrough\ndefault:\n}\nreturn');
    expect(p.text(p.find('GoStmt'))).toBe('go worker(ch)');
    expect(p.text(p.find('DeferStmt'))).toBe('defer mu.Unlock()');
    expect(p.all('BranchStmt').map((b) => [p.text(b), b.label])).toEqual([
      ['continue', null],
      ['fallthrough', null],
    ]);
    const ret = p.find('ReturnStmt');
    expect([p.text(ret), ret.results]).toEqual(['return', []]);
  });

  it('if with init, else if, else', () => {
    const p = parseBody('if err := f(); err != nil {\n\treturn\n} else if x {\n} else {\n}');
    const s = p.find('IfStmt');
    expect(p.text(s.init!)).toBe('err := f()');
    expect(p.text(s.cond)).toBe('err != nil');
    expect(s.else!.kind).toBe('IfStmt');
    expect((s.else as ast.IfStmt).else!.kind).toBe('BlockStmt');
    expect(s.end).toBe(p.src.lastIndexOf('}') - 1); // the else block's brace, not the function's
  });

  it('expression switches: tag, init, no tag, case lists, default', () => {
    const p = parseBody('switch x := f(); x {\ncase 1, 2:\n\tg()\ncase 3:\ndefault:\n}\nswitch {\ncase a > b:\n}');
    const [s1, s2] = p.all('SwitchStmt');
    expect(p.text(s1!.init!)).toBe('x := f()');
    expect(p.text(s1!.tag!)).toBe('x');
    const clauses = s1!.body.list as ast.CaseClause[];
    expect(clauses.map((c) => [c.list.map(p.text), c.isDefault, c.body.length])).toEqual([
      [['1', '2'], false, 1],
      [['3'], false, 0],
      [[], true, 0],
    ]);
    expect(p.text(clauses[0]!)).toBe('case 1, 2:\n\tg()');
    expect(p.text(clauses[1]!)).toBe('case 3:');
    expect(s2!.tag).toBeNull();
  });

  it('type switches: with and without binding, init, nil case', () => {
    const p = parseBody('switch v := x.(type) {\ncase int, string:\ncase nil:\ndefault:\n\t_ = v\n}\nswitch y := 1; x.(type) {\ncase error:\n\t_ = y\n}');
    const [t1, t2] = p.all('TypeSwitchStmt');
    expect(t1!.assign.kind).toBe('AssignStmt');
    expect(p.text(t1!.assign)).toBe('v := x.(type)');
    expect(((t1!.assign as ast.AssignStmt).rhs[0] as ast.TypeAssertExpr).type).toBeNull();
    expect((t1!.body.list as ast.CaseClause[]).map((c) => c.list.map(p.text))).toEqual([['int', 'string'], ['nil'], []]);
    expect(p.text(t2!.init!)).toBe('y := 1');
    expect(t2!.assign.kind).toBe('ExprStmt');
  });

  it('select with every kind of communication clause', () => {
    const p = parseBody('select {\ncase v := <-in:\n\t_ = v\ncase v, ok := <-in:\n\t_, _ = v, ok\ncase x = <-in:\ncase out <- 1:\ncase <-done:\n\treturn\ndefault:\n}');
    const clauses = p.find('SelectStmt').body.list as ast.CommClause[];
    expect(clauses.map((c) => c.comm?.kind ?? null)).toEqual(['AssignStmt', 'AssignStmt', 'AssignStmt', 'SendStmt', 'ExprStmt', null]);
    expect(clauses.map((c) => (c.comm?.kind === 'AssignStmt' ? c.comm.tok : null))).toEqual([Tok.DEFINE, Tok.DEFINE, Tok.ASSIGN, null, null, null]);
    expect(p.text(clauses[0]!)).toBe('case v := <-in:\n\t_ = v');
    expect(p.text(clauses[5]!)).toBe('default:');
    expect(p.src[clauses[5]!.colon]).toBe(':');
  });

  it('for loops: infinite, condition, three clauses, empty clauses', () => {
    const p = parseBody('for {\n}\nfor x < 10 {\n}\nfor i := 0; i < n; i++ {\n}\nfor ; ; {\n}\nfor i := 0; ; {\n}');
    const loops = p.all('ForStmt');
    expect(loops.map((l) => [l.init && p.text(l.init), l.cond && p.text(l.cond), l.post && p.text(l.post)])).toEqual([
      [null, null, null],
      [null, 'x < 10', null],
      ['i := 0', 'i < n', 'i++'],
      [null, null, null],
      ['i := 0', null, null],
    ]);
  });

  it('range over slices, maps, channels, integers and functions', () => {
    const p = parseBody('for k, v := range m {\n}\nfor i = range s {\n}\nfor range ch {\n}\nfor i := range 10 {\n}\nfor x := range seq {\n}\nfor range 3 {\n}');
    const r = p.all('RangeStmt');
    expect(r.map((s) => [s.key && p.text(s.key), s.value && p.text(s.value), s.tok, p.text(s.x)])).toEqual([
      ['k', 'v', Tok.DEFINE, 'm'],
      ['i', null, Tok.ASSIGN, 's'],
      [null, null, Tok.ILLEGAL, 'ch'],
      ['i', null, Tok.DEFINE, '10'],
      ['x', null, Tok.DEFINE, 'seq'],
      [null, null, Tok.ILLEGAL, '3'],
    ]);
    expect(r[2]!.tokPos).toBe(-1);
    expect(p.src.slice(r[0]!.tokPos, r[0]!.tokPos + 2)).toBe(':=');
  });

  // In statement headers a `{` after a type name opens the block (exprLev < 0), unless the
  // literal is inside parentheses, brackets or a call, or its type is not a plain name.
  it('composite literals in if/for/switch headers follow go/parser exprLev rules', () => {
    const p = parseBody(
      [
        'if x == (T{}) {\n}',
        'if f(T{1}) {\n}',
        'if v, ok := m[K{1}]; ok {\n}',
        'for _, v := range []T{{1}} {\n\t_ = v\n}',
        'switch s := (S{}); s {\n}',
        'for i := range [3]int{} {\n\t_ = i\n}',
        'if (T{}) == x {\n}',
        'if x := (map[string]int{}); x != nil {\n}',
      ].join('\n'),
    );
    expect(p.all('CompositeLit').map(p.text)).toEqual(['T{}', 'T{1}', 'K{1}', '[]T{{1}}', '{1}', 'S{}', '[3]int{}', 'T{}', 'map[string]int{}']);
  });
});

describe('positions', () => {
  it('gives exact offsets for a sample of nodes', () => {
    const src = 'package p\n\nfunc F[T any](xs []T) (n int) {\n\tfor i := range xs {\n\t\tn += i\n\t}\n\treturn\n}\n';
    const p = parse(src);
    const f = p.find('FuncDecl');
    expect([f.pos, f.end]).toEqual([11, 85]);
    expect([f.name.pos, f.name.end]).toEqual([16, 17]);
    const tp = f.type.typeParams!;
    expect([tp.pos, tp.end, tp.opening, tp.closing]).toEqual([17, 24, 17, 23]);
    expect([f.type.params.pos, f.type.params.end, f.type.params.closing]).toEqual([24, 32, 31]);
    expect([f.type.results!.pos, f.type.results!.end]).toEqual([33, 40]);
    expect([f.type.pos, f.type.end]).toEqual([11, 40]);
    expect([f.body!.pos, f.body!.end, f.body!.lbrace, f.body!.rbrace]).toEqual([41, 85, 41, 84]);
    const r = p.find('RangeStmt');
    expect([r.pos, r.end, r.tokPos, r.x.pos, r.x.end, r.body.lbrace, r.body.rbrace]).toEqual([44, 75, 50, 59, 61, 62, 74]);
    const inc = p.find('AssignStmt');
    expect([inc.pos, inc.end, inc.tokPos, inc.tok]).toEqual([66, 72, 68, Tok.ADD_ASSIGN]);
    const ret = p.find('ReturnStmt');
    expect([ret.pos, ret.end]).toEqual([77, 83]);
    expect([p.file.pos, p.file.end]).toEqual([0, 85]);
  });

  it('ends nodes as go/ast does: Ident at its name, BlockStmt after the brace, implicit semicolons', () => {
    const p = parseBody('x := 1\nif x > 0 {\n}');
    const ident = p.at('Ident', 'x');
    expect(ident.end - ident.pos).toBe(1);
    const ifs = p.find('IfStmt');
    expect(p.text(ifs.body)).toBe('{\n}');
    expect(p.text(ifs)).toBe('if x > 0 {\n}');
  });

  it('counts offsets in UTF-16 code units of the source string', () => {
    const src = 'package p\n\nvar 名前 = "😀é" + 值\n';
    const p = parse(src);
    const name = p.at('Ident', '名前');
    expect([name.pos, name.end]).toEqual([15, 17]);
    const lit = p.find('BasicLit');
    expect(p.text(lit)).toBe('"😀é"');
    expect(lit.end - lit.pos).toBe(5); // quote, surrogate pair, é, quote
    expect(p.at('Ident', '值').pos).toBe(lit.end + 3);
  });
});

describe('walk.ts', () => {
  it('visits in go/ast.Walk order, enter before children and leave after them', () => {
    const p = parseBody('if a := f(x); a > 1 {\n\treturn\n}');
    const events: string[] = [];
    const ifs = p.find('IfStmt');
    inspect(
      ifs,
      (n) => void events.push(`+${n.kind}`),
      (n) => void events.push(`-${n.kind}`),
    );
    expect(events.join(' ')).toBe(
      '+IfStmt +AssignStmt +Ident -Ident +CallExpr +Ident -Ident +Ident -Ident -CallExpr -AssignStmt ' +
        '+BinaryExpr +Ident -Ident +BasicLit -BasicLit -BinaryExpr +BlockStmt +ReturnStmt -ReturnStmt -BlockStmt -IfStmt',
    );
  });

  it('skips the children of a node when enter returns false', () => {
    const p = parseBody('go func() { x := 1; _ = x }()\ny := 2\n_ = y');
    const seen: string[] = [];
    inspect(p.file, (n) => {
      if (n.kind === 'FuncLit') return false;
      if (n.kind === 'Ident') seen.push(n.name);
      return true;
    });
    expect(seen).toEqual(['p', '_', 'y', '_', 'y']);
  });

  it('links every node to its parent', () => {
    const p = parseBody('for i := range xs {\n\tuse(i)\n}');
    setParents(p.file);
    const call = p.find('CallExpr');
    const chain: string[] = [];
    for (let n: ast.Node | undefined = call; n !== undefined; n = n.parent) chain.push(n.kind);
    expect(chain).toEqual(['CallExpr', 'ExprStmt', 'BlockStmt', 'RangeStmt', 'BlockStmt', 'FuncDecl', 'File']);
    const children: ast.Node[] = [];
    forEachChild(p.find('RangeStmt'), (c) => children.push(c));
    expect(children.map((c) => c.kind)).toEqual(['Ident', 'Ident', 'BlockStmt']);
  });

  it('walks a tree 30,000 selectors deep without recursion', () => {
    const src = `package p\nvar x = a${'.b'.repeat(30000)}\n`;
    const result = parseFile(src);
    expect(result.errors).toEqual([]);
    let n = 0;
    inspect(result.file, () => void n++);
    expect(n).toBe(5 + 2 * 30000 + 1); // File, p, GenDecl, ValueSpec, x; a selector and a name per .b; a
  });
});

describe('lines.ts: Go positions (1-based lines, UTF-8 byte columns)', () => {
  it('counts CJK identifiers and strings in UTF-8 bytes', () => {
    const src = 'package p\n\nvar 变量 = "值" + x\n';
    const lines = new LineIndex(src);
    const p = parse(src);
    expect(lines.position(p.at('Ident', '变量').pos)).toEqual({ line: 3, column: 5 });
    expect(lines.position(p.find('BasicLit').pos)).toEqual({ line: 3, column: 14 }); // 变量 is 6 bytes
    expect(lines.position(p.at('Ident', 'x').pos)).toEqual({ line: 3, column: 22 }); // "值" is 5 bytes
    expect(lines.offset(3, 22)).toBe(p.at('Ident', 'x').pos);
  });

  it('counts a tab as one byte and a surrogate pair as four', () => {
    const src = 'package p\n\nfunc f() {\n\t\ts := "😀"; _ = s\n}\n';
    const lines = new LineIndex(src);
    const p = parse(src);
    expect(lines.position(p.find('AssignStmt').pos)).toEqual({ line: 4, column: 3 });
    const second = p.find('AssignStmt', (a) => p.text(a) === '_ = s');
    expect(lines.position(second.pos)).toEqual({ line: 4, column: 3 + 5 + 6 + 2 }); // s := "😀"; is 13 bytes
    expect(utf8Length('a😀é界', 0, 5)).toBe(1 + 4 + 2 + 3);
  });

  it('handles CRLF line endings: \\r is part of the line, not a line break', () => {
    const src = 'package p\r\n\r\nvar x = 1\r\nvar y = 2\r\n';
    const p = parse(src);
    const lines = new LineIndex(src);
    expect(lines.position(p.at('Ident', 'y').pos)).toEqual({ line: 4, column: 5 });
    expect(lines.lineText(3)).toBe('var x = 1');
    expect(lines.lineCount).toBe(4);
    expect(p.text(p.find('ValueSpec'))).toBe('x = 1');
  });

  it('puts the end of the file on the last line, as go/token does', () => {
    const lines = new LineIndex('package p\n');
    expect(lines.lineCount).toBe(1);
    expect(lines.position(10)).toEqual({ line: 1, column: 11 });
    expect(lines.lineText(1)).toBe('package p');
    const noNewline = new LineIndex('a\nb');
    expect(noNewline.lineCount).toBe(2);
    expect(noNewline.position(3)).toEqual({ line: 2, column: 2 });
    expect(new LineIndex('').lineCount).toBe(1);
    expect(new LineIndex('a\n\n').lineCount).toBe(2);
  });

  it('maps positions back to offsets and clamps past the end of a line', () => {
    const src = 'ab\nçd\n';
    const lines = new LineIndex(src);
    expect(lines.offset(2, 1)).toBe(3);
    expect(lines.offset(2, 3)).toBe(4); // ç is 2 bytes
    expect(lines.offset(2, 99)).toBe(5);
  });

  it('agrees with parseFile on error positions', () => {
    const src = 'package p\n\nvar s = "ü" +\n';
    const { errors } = parseWithErrors(src);
    expect(errors.map((e) => ({ ...new LineIndex(src).position(e.offset), message: e.message }))).toEqual([
      // no semicolon after `+`: the operand is missing at EOF, which go/token puts on the last line
      { line: 3, column: 16, message: "expected operand, found 'EOF'" },
    ]);
  });
});

describe.runIf(go !== null)('every source above', () => {
  it('parses as go/parser parses it (same trees, same errors)', () => {
    expect(crossCheck(parsedSources)).toEqual([]);
  });
});
