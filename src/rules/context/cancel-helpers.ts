// Questions the context rules ask about a derived context: can it ever be done, who waits on
// it, and can anything derived from it still be in use after the function returns (which
// decides whether adding `defer cancel()` is behaviour-preserving).

import type * as ast from '../../parse/ast.js';
import { Tok } from '../../parse/token.js';
import { inspect } from '../../parse/walk.js';
import { CONTEXT_PASSTHROUGH, ROOT_CONTEXTS } from '../../knowledge/obligations.js';
import type { Site } from '../../model/obligations.js';
import type { PackageModel } from '../../model/package.js';
import type { Binding, FuncNode } from '../../model/scope.js';
import { TypeInfo, unparenExpr } from '../../model/typeinfo.js';

const NEVER_DONE_BY_ITSELF = new Set(['context.WithCancel', 'context.WithCancelCause']);

/** WithCancel of context.Background()/TODO() (possibly through WithValue): only cancel could end it. */
export function contextNeverDone(pkg: PackageModel, site: Site): boolean {
  if (!NEVER_DONE_BY_ITSELF.has(site.callee)) return false;
  const parent = site.call.args[0];
  return parent !== undefined && isRootContext(pkg, parent, site.fn, 0);
}

function isRootContext(pkg: PackageModel, e: ast.Expr, fn: FuncNode | null, depth: number): boolean {
  if (depth > 4) return false;
  const x = unparenExpr(e);
  if (x.kind === 'CallExpr') {
    const q = TypeInfo.of(pkg).qualifiedCallee(x);
    if (q !== null && ROOT_CONTEXTS.has(q)) return true;
    if (q !== null && CONTEXT_PASSTHROUGH.has(q) && x.args[0]) return isRootContext(pkg, x.args[0], fn, depth + 1);
    return false;
  }
  if (x.kind === 'Ident') {
    const b = pkg.bindingOf(x);
    if (!b || b.role !== 'local' || b.owner !== fn || fn === null) return false;
    if (b.source.k !== 'init' || b.source.ofTuple || assignedAgain(pkg, fn, b)) return false;
    return isRootContext(pkg, b.source.expr, fn, depth + 1);
  }
  return false;
}

function assignedAgain(pkg: PackageModel, fn: FuncNode, b: Binding): boolean {
  let found = false;
  inspect(fn.body!, (n) => {
    if (found) return false;
    if (n.kind === 'AssignStmt') {
      for (const l of n.lhs) {
        const x = unparenExpr(l);
        if (x.kind === 'Ident' && x !== b.ident && pkg.bindingOf(x) === b) found = true;
      }
    }
    return true;
  });
  return found;
}

export interface Waiter {
  node: ast.Node;
  message: string;
}

/** Goroutines started in `fn` that wait on ctx.Done() of the given context, or receive it. */
export function goroutinesWaitingOn(pkg: PackageModel, fn: FuncNode, ctxBinding: Binding): Waiter[] {
  const out: Waiter[] = [];
  inspect(fn.body!, (n) => {
    if (out.length >= 3) return false;
    if (n.kind !== 'GoStmt') return true;
    const fun = unparenExpr(n.call.fun);
    if (fun.kind === 'FuncLit') {
      inspect(fun.body, (m) => {
        if (m.kind !== 'CallExpr') return true;
        const f = unparenExpr(m.fun);
        if (f.kind === 'SelectorExpr' && f.sel.name === 'Done' && f.x.kind === 'Ident' && pkg.bindingOf(f.x) === ctxBinding) {
          out.push({ node: m, message: 'this goroutine waits on Done(), which is never closed: it never returns' });
          return false;
        }
        return true;
      });
    }
    for (const a of n.call.args) {
      const x = unparenExpr(a);
      if (x.kind === 'Ident' && pkg.bindingOf(x) === ctxBinding)
        out.push({ node: a, message: 'the goroutine started here gets a context that is never cancelled' });
    }
    return false;
  });
  return out;
}

/**
 * Whether the context (or a local value computed from it, transitively) is returned, stored
 * outside local variables, sent, captured by a closure or handed to a goroutine.
 */
export function ctxEscapes(pkg: PackageModel, fn: FuncNode, ctxBinding: Binding): boolean {
  const tracked = new Set<Binding>([ctxBinding]);
  const work = [ctxBinding];
  while (work.length > 0) {
    const b = work.pop()!;
    let escapes = false;
    inspect(fn.body!, (n) => {
      if (escapes) return false;
      if (n.kind !== 'Ident' || n === b.ident || pkg.bindingOf(n) !== b) return true;
      const verdict = useOfValue(pkg, fn, n);
      if (verdict === 'escapes') escapes = true;
      else if (verdict !== 'local') {
        for (const d of verdict) {
          if (tracked.has(d) || carriesNoContext(pkg, d)) continue;
          tracked.add(d);
          work.push(d);
        }
      }
      return true;
    });
    if (escapes) return true;
  }
  return false;
}

/** Errors and basic values computed from a context do not keep it in use. */
function carriesNoContext(pkg: PackageModel, b: Binding): boolean {
  if (/^err/.test(b.name)) return true;
  const ti = TypeInfo.of(pkg);
  const t = ti.underlying(ti.bindingType(b));
  return t.k === 'basic' || (t.k === 'named' && t.pkg === '' && t.name === 'error');
}

function exprCarriesNoContext(pkg: PackageModel, e: ast.Expr): boolean {
  const ti = TypeInfo.of(pkg);
  const t = ti.underlying(ti.typeOf(e));
  return t.k === 'basic' || (t.k === 'named' && t.pkg === '' && t.name === 'error');
}

/** 'escapes', 'local' (used in place), or the local variables that receive something derived from it. */
function useOfValue(pkg: PackageModel, fn: FuncNode, id: ast.Ident): 'escapes' | 'local' | Binding[] {
  let child: ast.Node = id;
  for (let n = id.parent; n !== undefined && n !== fn; child = n, n = n.parent) {
    switch (n.kind) {
      case 'ReturnStmt':
        return exprCarriesNoContext(pkg, child as ast.Expr) ? 'local' : 'escapes';
      case 'FuncLit':
      case 'GoStmt':
      case 'SendStmt':
      case 'CompositeLit':
        return 'escapes';
      case 'AssignStmt':
      case 'ValueSpec': {
        const rhs: readonly ast.Expr[] = n.kind === 'AssignStmt' ? n.rhs : n.values;
        if (!rhs.includes(child as ast.Expr)) return 'local'; // assigned to, or an index on the left
        const lhs: readonly ast.Expr[] = n.kind === 'AssignStmt' ? n.lhs : n.names;
        const out: Binding[] = [];
        for (const l of lhs) {
          const x = unparenExpr(l);
          if (x.kind !== 'Ident') return 'escapes';
          if (x.name === '_') continue;
          const b = pkg.bindingOf(x);
          if (!b || b.owner !== fn || b.role === 'result') return 'escapes';
          out.push(b);
        }
        return out;
      }
      case 'ExprStmt':
      case 'IfStmt':
      case 'SwitchStmt':
      case 'ForStmt':
      case 'RangeStmt':
        return 'local';
      default:
        continue;
    }
  }
  return 'local';
}

/** True when a return statement's results cannot carry anything derived from a context. */
export function independentResults(pkg: PackageModel, ret: ast.ReturnStmt, fn: FuncNode): boolean {
  if (ret.results.length === 0) return !(fn.type.results?.list.some((f) => f.names.length > 0) ?? false);
  const ti = TypeInfo.of(pkg);
  return ret.results.every((r) => {
    const x = unparenExpr(r);
    if (x.kind === 'BasicLit') return true;
    if (x.kind === 'Ident') {
      const b = pkg.bindingOf(x);
      if (b?.role === 'universe' || b?.kind === 'const') return true;
      if (/^err/.test(x.name)) return true;
    }
    if (x.kind === 'CallExpr') {
      const q = ti.qualifiedCallee(x);
      if (q === 'errors.New' || q === 'fmt.Errorf' || q === 'context.Cause') return true;
      const fun = unparenExpr(x.fun);
      if (fun.kind === 'SelectorExpr' && fun.sel.name === 'Err' && x.args.length === 0) return true;
    }
    if (x.kind === 'UnaryExpr' && x.op === Tok.NOT) return true;
    const t = ti.underlying(ti.typeOf(x));
    return t.k === 'basic' || (t.k === 'named' && t.pkg === '' && t.name === 'error');
  });
}
