// Loop variables captured by closures that outlive their iteration: goroutines (`go func`,
// errgroup/WaitGroup.Go), deferred closures and parallel subtests. Before Go 1.22 a loop has
// one variable for all iterations, so such a closure sees whatever the loop has moved on to
// (vet's loopclosure, extended beyond the last statement of the loop body).

import type * as ast from '../parse/ast.js';
import { Tok } from '../parse/token.js';
import { inspect } from '../parse/walk.js';
import { isNoReturnStmt } from './calls.js';
import { Concurrency } from './concurrency.js';
import { loopOf } from './memref.js';
import type { PackageModel } from './package.js';
import type { Binding } from './scope.js';
import { TypeInfo, unparenExpr } from './typeinfo.js';
import { deref, isNamed } from './types.js';

export type Launch = 'go' | 'errgroup' | 'defer' | 'subtest';

export interface LoopCapture {
  loop: ast.ForStmt | ast.RangeStmt;
  binding: Binding;
  closure: ast.FuncLit;
  launch: Launch;
  /** The go/defer statement or the Go/Run call. */
  site: ast.Node;
  /** The first reference to the variable inside the closure. */
  ref: ast.Ident;
  /** The loop body writes the variable itself (a per-iteration copy would change the loop). */
  writtenInBody: boolean;
}

export function loopCaptures(pkg: PackageModel): LoopCapture[] {
  return pkg.analysis('loopvars', compute);
}

function compute(pkg: PackageModel): LoopCapture[] {
  const out: LoopCapture[] = [];
  for (const fn of pkg.functions) {
    if (fn.kind !== 'FuncLit') continue;
    const launched = launchOf(pkg, fn);
    if (!launched) continue;
    const refs = new Map<Binding, ast.Ident>();
    inspect(fn.body, (n) => {
      if (n.kind !== 'Ident') return true;
      const b = pkg.bindingOf(n);
      if (b?.kind === 'var' && b.ident !== n && !refs.has(b) && loopOf(b)) refs.set(b, n);
      return true;
    });
    for (const [b, ref] of refs) {
      const loop = loopOf(b)!;
      // the closure must be launched inside the loop's body, by the loop's own function
      if (launched.site.pos < loop.body.pos || launched.site.end > loop.body.end) continue;
      if (b.owner !== pkg.enclosingFunction(launched.site)) continue;
      if (launched.launch !== 'defer' && joinedThisIteration(pkg, launched.site, loop)) continue;
      if (launched.launch === 'subtest' && !afterParallel(pkg, fn, b)) continue;
      if (leavesLoopAfter(pkg, launched.site, loop)) continue;
      out.push({ loop, binding: b, closure: fn, launch: launched.launch, site: launched.site, ref, writtenInBody: writtenIn(pkg, b, loop.body) });
    }
  }
  return out.sort((x, y) => x.ref.pos - y.ref.pos);
}

/** How a function literal is started, if it can outlive the statement that starts it. */
function launchOf(pkg: PackageModel, lit: ast.FuncLit): { launch: Launch; site: ast.Node } | null {
  const p = lit.parent;
  if (p?.kind === 'CallExpr' && p.fun === lit) {
    if (p.parent?.kind === 'GoStmt') return { launch: 'go', site: p.parent };
    if (p.parent?.kind === 'DeferStmt') return { launch: 'defer', site: p.parent };
    return null;
  }
  if (p?.kind !== 'CallExpr' || !p.args.includes(lit)) return null;
  const fun = unparenExpr(p.fun);
  if (fun.kind !== 'SelectorExpr') return null;
  const ti = TypeInfo.of(pkg);
  if (fun.sel.name === 'Go' && p.args.length === 1) {
    const recv = deref(ti.typeOf(fun.x));
    const group =
      isNamed(recv, 'golang.org/x/sync/errgroup', 'Group') ||
      isNamed(recv, 'sync', 'WaitGroup') ||
      (recv.k === 'unknown' && /^(g|eg|grp|group|wg)$/i.test(fun.x.kind === 'Ident' ? fun.x.name : ''));
    return group ? { launch: 'errgroup', site: p } : null;
  }
  if (fun.sel.name === 'Run' && p.args.length === 2 && p.args[1] === lit && callsParallel(pkg, lit)) {
    const recv = deref(ti.typeOf(fun.x));
    if (isNamed(recv, 'testing', 'T')) return { launch: 'subtest', site: p };
  }
  return null;
}

/** The subtest body calls Parallel on its own *testing.T before anything can block. */
function callsParallel(pkg: PackageModel, lit: ast.FuncLit): boolean {
  const t = lit.type.params.list[0]?.names[0];
  const tb = t ? pkg.bindingOf(t) : undefined;
  if (!tb) return false;
  return lit.body.list.some((s) => {
    if (s.kind !== 'ExprStmt') return false;
    const x = unparenExpr(s.x);
    if (x.kind !== 'CallExpr') return false;
    const f = unparenExpr(x.fun);
    return f.kind === 'SelectorExpr' && f.sel.name === 'Parallel' && f.x.kind === 'Ident' && pkg.bindingOf(f.x) === tb;
  });
}

/**
 * A goroutine the body of the variable's loop waits for before the next iteration
 * (`go ...; wg.Wait()`, a receive per worker), also when it is started in an inner loop.
 */
function joinedThisIteration(pkg: PackageModel, site: ast.Node, loop: ast.ForStmt | ast.RangeStmt): boolean {
  const conc = Concurrency.of(pkg);
  const root = conc.roots.find((r) => r.site === site);
  if (root === undefined) return false;
  if (conc.joinedEachIteration(root)) return true;
  // a point at the end of the loop body: is it dominated by a join of the goroutine?
  const end: ast.Node = { kind: 'BadStmt', pos: loop.body.end - 1, end: loop.body.end - 1, parent: loop.body };
  return conc.joinedBefore(root, end, loop);
}

/** A parallel subtest reads the variable after t.Parallel() (a copy made before it is safe). */
function afterParallel(pkg: PackageModel, lit: ast.FuncLit, b: Binding): boolean {
  const at = lit.body.list.findIndex((s) => s.kind === 'ExprStmt' && /\.Parallel\(\)$/.test(pkg.fileOfNode(lit)?.src.slice(s.pos, s.end) ?? ''));
  if (at < 0) return true;
  let found = false;
  for (const s of lit.body.list.slice(at + 1)) {
    inspect(s, (n) => {
      if (found) return false;
      if (n.kind === 'Ident' && pkg.bindingOf(n) === b) found = true;
      return true;
    });
  }
  return found;
}

/** After the launch, the iteration unconditionally leaves the loop (return, break, panic). */
function leavesLoopAfter(pkg: PackageModel, site: ast.Node, loop: ast.ForStmt | ast.RangeStmt): boolean {
  for (let child: ast.Node = site, n = site.parent; n !== undefined && n !== loop; child = n, n = n.parent) {
    const list = n.kind === 'BlockStmt' ? n.list : n.kind === 'CaseClause' || n.kind === 'CommClause' ? n.body : null;
    if (!list) continue;
    const at = list.indexOf(child as ast.Stmt);
    for (const s of list.slice(at + 1)) {
      if (s.kind === 'ReturnStmt') return true;
      if (s.kind === 'ExprStmt' && isNoReturnStmt(pkg, s)) return true;
      if (s.kind === 'BranchStmt' && s.tok === Tok.BREAK && s.label === null && n.parent === loop) return true;
      if (s.kind === 'BranchStmt' && s.tok === Tok.GOTO) return true;
    }
    if (n.kind === 'CaseClause' || n.kind === 'CommClause') break;
  }
  return false;
}

/** The loop body assigns the variable (`i++` to skip an element). */
function writtenIn(pkg: PackageModel, b: Binding, body: ast.BlockStmt): boolean {
  let found = false;
  const isB = (e: ast.Expr): boolean => {
    const x = unparenExpr(e);
    return x.kind === 'Ident' && pkg.bindingOf(x) === b;
  };
  inspect(body, (n) => {
    if (found) return false;
    if (n.kind === 'AssignStmt' && n.lhs.some(isB)) found = true;
    if (n.kind === 'IncDecStmt' && isB(n.x)) found = true;
    if (n.kind === 'UnaryExpr' && n.op === Tok.AND && isB(n.x)) found = true;
    return true;
  });
  return found;
}
