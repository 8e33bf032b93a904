// Shared wording and spans for the goroutine-leak and channel-misuse rules.

import type * as ast from '../../parse/ast.js';
import { enclosingFunc } from '../../model/chanscope.js';
import type { FileModel, PackageModel } from '../../model/package.js';
import type { FuncNode } from '../../model/scope.js';
import { unparenExpr } from '../../model/typeinfo.js';

/** `F`, `T.M`, or "the function literal" for messages. */
export function funcName(fn: FuncNode): string {
  if (fn.kind === 'FuncDecl') {
    const recv = fn.recv?.list[0]?.type;
    const base = recv ? unparenExpr(recv.kind === 'StarExpr' ? recv.x : recv) : null;
    return base?.kind === 'Ident' ? `${base.name}.${fn.name.name}` : fn.name.name;
  }
  const outer = enclosingFunc(fn);
  return outer ? `the function literal in ${funcName(outer)}` : 'the function literal';
}

/** 1-based line of a node. */
export function lineOf(pkg: PackageModel, node: ast.Node): number {
  const file = pkg.fileOfNode(node);
  return file ? file.lines.position(node.pos).line : 0;
}

/** Code the leak rules skip: generated files (nobody fixes them by hand). */
export function skippedFile(pkg: PackageModel, node: ast.Node): boolean {
  const file = pkg.fileOfNode(node);
  return !file || file.isGenerated;
}

/** Test files, whose process ends with the tests. */
export function inTestFile(pkg: PackageModel, node: ast.Node): boolean {
  return pkg.fileOfNode(node)?.isTest ?? false;
}

/** The `go` keyword of a go statement. */
export function goKeyword(pkg: PackageModel, go: ast.GoStmt): { pos: number; end: number; file?: FileModel } {
  const file = pkg.fileOfNode(go);
  return { pos: go.pos, end: go.pos + 2, ...(file ? { file } : {}) };
}

/** `for v := range ch` up to the body's brace. */
export function loopHeader(loop: ast.ForStmt | ast.RangeStmt): ast.Node {
  const end = loop.kind === 'RangeStmt' ? loop.x.end : loop.body.pos - 1;
  return { kind: 'EmptyStmt', implicit: true, pos: loop.pos, end: Math.max(end, loop.pos + 3), parent: loop };
}

/** The `default` or `case` keyword of a select/switch clause, as a span. */
export function clauseKeyword(clause: ast.CommClause | ast.CaseClause, isDefault: boolean): ast.Node {
  return { kind: 'EmptyStmt', implicit: true, pos: clause.pos, end: clause.pos + (isDefault ? 7 : 4), parent: clause };
}

/** The select case a statement sits in, when it leaves a select (the timeout / ctx.Done branch). */
export function enclosingCommClause(node: ast.Node, fn: FuncNode): ast.CommClause | null {
  for (let n = node.parent; n !== undefined && n !== fn; n = n.parent) {
    if (n.kind === 'CommClause') return n;
    if (n.kind === 'FuncLit') return null;
  }
  return null;
}

/** The `go` keyword as a node, for related locations ("the goroutine is started here"). */
export function goSpan(go: ast.GoStmt): ast.Node {
  return { kind: 'EmptyStmt', implicit: true, pos: go.pos, end: go.pos + 2, parent: go };
}
