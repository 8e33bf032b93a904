// Where a binding is used: one pass over the package's identifiers must find exactly the
// references resolution linked to it, in source order across files, and nothing it shadows.

import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../src/parse/lines.js';
import { parseFile } from '../../src/parse/parser.js';
import type * as ast from '../../src/parse/ast.js';
import { type FileModel, PackageModel } from '../../src/model/package.js';
import { inspect } from '../../src/parse/walk.js';

function model(sources: Record<string, string>): PackageModel {
  const files: FileModel[] = Object.entries(sources).map(([path, src]) => ({
    path,
    src,
    ast: parseFile(src).file,
    lines: new LineIndex(src),
    imports: new Map(),
    isTest: false,
    isGenerated: false,
    usesCgo: false,
  }));
  return new PackageModel('p', 'p', files, { major: 1, minor: 21 });
}

function idents(pkg: PackageModel, name: string): ast.Ident[] {
  const out: ast.Ident[] = [];
  for (const f of pkg.files) inspect(f.ast, (n) => void (n.kind === 'Ident' && n.name === name && out.push(n)));
  return out;
}

const A = `package p

var done = make(chan struct{})

var stop = func() { close(done) }

func wait() {
	<-done
}
`;

const B = `package p

func shadow() {
	done := 1
	_ = done
	go func() { done <- struct{}{} }()
}

func use() { wait(); done <- struct{}{} }
`;

describe('PackageModel.identsOf', () => {
  it('lists every reference to a binding in source order, across files, without the names it shadows', () => {
    const pkg = model({ 'a.go': A, 'b.go': B });
    const all = idents(pkg, 'done');
    const decl = all[0]!;
    const binding = pkg.bindingOf(decl)!;
    expect(binding.role).toBe('package');
    const uses = pkg.identsOf(binding);
    // a.go: declaration, close(done), <-done; b.go: the literal's send resolves to the local; use()'s send
    const expected = all.filter((id) => pkg.bindingOf(id) === binding);
    expect(uses).toEqual(expected);
    expect(uses.map((id) => pkg.fileOfNode(id)?.path)).toEqual(['a.go', 'a.go', 'a.go', 'b.go']);
    const local = all.find((id) => pkg.fileOfNode(id)?.path === 'b.go')!;
    expect(pkg.identsOf(pkg.bindingOf(local)!)).toHaveLength(3);
  });

  it('tells whether one node lies in another', () => {
    const pkg = model({ 'a.go': A });
    const wait = pkg.functions.find((f) => f.kind === 'FuncDecl' && f.name.name === 'wait')!;
    const [, inClosure, inWait] = idents(pkg, 'done');
    expect(pkg.contains(wait, inWait!)).toBe(true);
    expect(pkg.contains(wait.body!, inWait!)).toBe(true);
    expect(pkg.contains(wait, inClosure!)).toBe(false);
    expect(pkg.contains(wait, wait)).toBe(true);
  });
});
