// The flat pre-order index must walk exactly as child enumeration does: same order, same
// subtrees skipped, `leave` after the children, and trees outside the index still walked.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type * as ast from '../../src/parse/ast.js';
import { parseFile } from '../../src/parse/parser.js';
import { eachOfKinds, FlatIndex, forEachChild, inspect, kindCode, kindSet } from '../../src/parse/walk.js';
import { goSourceRoot } from '../../tools/conformance.js';
import { go } from './crosscheck.js';

const FIXTURES = ['lock-double-lock', 'map-concurrent-write', 'channel-double-close', 'waitgroup-add-in-goroutine'].flatMap((rule) =>
  readdirSync(join('testdata', rule), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.go'))
    .map((f) => readFileSync(join('testdata', rule, f), 'utf8')),
);

/** A trace of a walk: "+Kind@pos" on enter, "-Kind@pos" on leave; function literals skipped. */
function trace(root: ast.Node, withLeave: boolean): string[] {
  const out: string[] = [];
  inspect(
    root,
    (n) => {
      out.push(`+${n.kind}@${n.pos}`);
      return n.kind !== 'FuncLit';
    },
    withLeave ? (n) => out.push(`-${n.kind}@${n.pos}`) : undefined,
  );
  return out;
}

/** Every subtree worth walking from: function bodies and statements. */
function roots(file: ast.File): ast.Node[] {
  const out: ast.Node[] = [file];
  inspect(file, (n) => {
    if (n.kind === 'BlockStmt' || n.kind === 'IfStmt' || n.kind === 'ForStmt' || n.kind === 'CallExpr') out.push(n);
  });
  return out;
}

describe('flat pre-order index', () => {
  it('walks every subtree as child enumeration does, with and without leave', () => {
    expect(FIXTURES.length).toBeGreaterThan(4);
    for (const src of FIXTURES) {
      const plain = parseFile(src).file;
      const indexed = parseFile(src).file;
      const ix = new FlatIndex();
      ix.add(indexed);
      const before = roots(plain).flatMap((r) => [trace(r, false), trace(r, true)]);
      ix.seal();
      const after = roots(indexed).flatMap((r) => [trace(r, false), trace(r, true)]);
      expect(after).toEqual(before);
      expect(roots(indexed).every((r) => r.pre! >= 0 && ix.nodes[r.pre!] === r)).toBe(true);
    }
  });

  it('holds many files in one index past its first table size, each subtree in place', () => {
    const ix = new FlatIndex();
    const files: ast.File[] = [];
    while (ix.nodes.length < 20000) {
      for (const src of FIXTURES) {
        const file = parseFile(src).file;
        files.push(file);
        ix.add(file);
      }
    }
    ix.seal();
    expect(ix.end.length).toBe(ix.nodes.length);
    const calls = kindSet(['CallExpr', 'GoStmt']);
    for (const file of files) {
      const walked: ast.Node[] = [];
      inspect(file, (n) => void ((n.kind === 'CallExpr' || n.kind === 'GoStmt') && walked.push(n)));
      const viaKind = ix.ofKind('CallExpr', file);
      expect(viaKind).toEqual(walked.filter((n) => n.kind === 'CallExpr'));
      const viaSet: ast.Node[] = [];
      ix.eachOfKinds(calls, (n) => viaSet.push(n), file);
      expect(viaSet).toEqual(walked);
      let size = 0;
      inspect(file, () => void size++);
      expect(ix.end[file.pre!]! - file.pre!).toBe(size);
    }
    expect(files.every((f, i) => i === 0 || f.pre! === ix.end[files[i - 1]!.pre!])).toBe(true);
  });

  it('links parents and numbers nodes in source pre-order', () => {
    const file = parseFile('package p\n\nfunc f() { g(1, h(2)) }\n').file;
    const ix = new FlatIndex();
    ix.add(file);
    ix.seal();
    expect(ix.nodes.map((n) => n.kind)).toEqual(['File', 'Ident', 'FuncDecl', 'Ident', 'FuncType', 'FieldList', 'BlockStmt', 'ExprStmt', 'CallExpr', 'Ident', 'BasicLit', 'CallExpr', 'Ident', 'BasicLit']);
    expect(ix.nodes.every((n, i) => n.pre === i && (i === 0 ? n.parent === undefined : ix.nodes[n.parent!.pre!] === n.parent))).toBe(true);
    const body = ix.nodes[6]!;
    expect(ix.end[body.pre!]).toBe(ix.nodes.length);
    expect(ix.end[3]).toBe(4); // the name `f` has no children
  });

  it('walks trees outside the index by enumerating children', () => {
    const indexed = parseFile('package p\n\nfunc f() { g() }\n').file;
    const ix = new FlatIndex();
    ix.add(indexed);
    ix.seal();
    const other = parseFile('package q\n\nfunc k() { m(n) }\n').file;
    const seen: string[] = [];
    inspect(other, (n) => {
      if (n.kind === 'Ident') seen.push(n.name);
    });
    expect(seen).toEqual(['q', 'k', 'm', 'n']);
  });

  it('finds nodes by kind as a walk does: per subtree, and without entering function literals', () => {
    const kinds = kindSet(['CallExpr', 'AssignStmt', 'FuncLit', 'ReturnStmt']);
    const wanted = new Set(['CallExpr', 'AssignStmt', 'FuncLit', 'ReturnStmt']);
    for (const src of FIXTURES) {
      const plain = parseFile(src).file;
      const indexed = parseFile(src).file;
      const ix = new FlatIndex();
      ix.add(indexed);
      ix.seal();
      expect(ix.codes.every((c) => c > 0)).toBe(true); // every kind has a code
      // calls at odd offsets have their subtrees skipped
      const skip = (n: ast.Node) => n.kind === 'CallExpr' && n.pos % 2 === 1;
      const byWalk = (root: ast.Node) => {
        const out: string[] = [];
        inspect(root, (n) => {
          if (wanted.has(n.kind)) out.push(`${n.kind}@${n.pos}`);
          if (skip(n)) return false;
          return n === root || n.kind !== 'FuncLit';
        });
        return out;
      };
      const byKinds = (root: ast.Node) => {
        const out: string[] = [];
        eachOfKinds(root, kinds, (n) => {
          out.push(`${n.kind}@${n.pos}`);
          return !skip(n);
        });
        return out;
      };
      const plainRoots = roots(plain);
      const indexedRoots = roots(indexed);
      for (let i = 0; i < plainRoots.length; i++) {
        expect(byKinds(indexedRoots[i]!)).toEqual(byWalk(plainRoots[i]!));
        expect(byKinds(plainRoots[i]!)).toEqual(byWalk(plainRoots[i]!)); // outside the index
      }
      const calls: number[] = [];
      inspect(plain, (n) => {
        if (n.kind === 'CallExpr') calls.push(n.pos);
      });
      expect(ix.ofKind('CallExpr').map((n) => n.pos)).toEqual(calls);
      const fn = indexed.decls.find((d) => d.kind === 'FuncDecl')!;
      expect(ix.ofKind('Ident', fn).every((n) => n.pos >= fn.pos && n.end <= fn.end)).toBe(true);
      for (const call of ix.ofKind('CallExpr')) {
        let outer: ast.Node | undefined = call.parent;
        while (outer && outer.kind !== 'FuncDecl' && outer.kind !== 'FuncLit') outer = outer.parent;
        expect(ix.enclosingFunction(call)).toBe(outer ?? null);
      }
    }
  });

  // the index numbers children with its own copy of the child lists: every kind must match
  it.runIf(go !== null)('numbers every node of standard library files as child enumeration orders them', () => {
    const root = goSourceRoot();
    const dirs = ['go/ast', 'go/parser', 'go/types', 'net/http', 'runtime', 'cmd/compile/internal/syntax', 'internal/fuzz'];
    let checked = 0;
    for (const dir of dirs) {
      for (const name of readdirSync(join(root, dir)).filter((f) => f.endsWith('.go'))) {
        const { file, errors } = parseFile(readFileSync(join(root, dir, name), 'utf8'));
        if (errors.length > 0) continue;
        const expected: ast.Node[] = [];
        const stack: ast.Node[] = [file];
        while (stack.length > 0) {
          const n = stack.pop()!;
          expected.push(n);
          const children: ast.Node[] = [];
          forEachChild(n, (c) => children.push(c));
          for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
        }
        const ix = new FlatIndex();
        ix.add(file);
        ix.seal();
        expect(ix.nodes.length).toBe(expected.length);
        expect(ix.nodes.every((n, i) => n === expected[i])).toBe(true);
        expect(ix.nodes.every((n, i) => ix.codes[i] === kindCode(n.kind) && ix.codes[i]! > 0)).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(300);
  });
});
