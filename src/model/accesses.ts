// Memory accesses per function: reads, writes and iterations of maps and variables, each with
// a symbolic location (a variable, a struct field of a named type, or what a parameter was
// bound to at a call) so that accesses in different functions and goroutines can be compared.

import type * as ast from '../parse/ast.js';
import { Tok } from '../parse/token.js';
import { eachOfKinds, inspect, kindSet } from '../parse/walk.js';
import { builtinName } from './calls.js';
import type { PackageModel } from './package.js';
import type { Binding, FuncNode } from './scope.js';
import { TypeInfo, unparenExpr } from './typeinfo.js';
import { deref, type LType } from './types.js';

/** A place in memory, named independently of the function that touches it. */
export type Location =
  | { k: 'var'; binding: Binding }
  /** Field `field` of any value of the named type `owner` (this package). */
  | { k: 'field'; owner: string; field: string; rw?: never }
  /** The address of a location (`&x`), as passed to a pointer parameter. */
  | { k: 'addr'; of: Location };

export function locationKey(l: Location): string {
  switch (l.k) {
    case 'var':
      return `var:${l.binding.id}`;
    case 'field':
      return `field:${l.owner}.${l.field}`;
    case 'addr':
      return `addr:${locationKey(l.of)}`;
  }
}

export function locationName(l: Location): string {
  switch (l.k) {
    case 'var':
      return l.binding.name;
    case 'field':
      return `${l.owner}.${l.field}`;
    case 'addr':
      return `&${locationName(l.of)}`;
  }
}

export type MapAccessKind = 'write' | 'read' | 'iterate';
export type MapOp = 'assign' | 'incdec' | 'delete' | 'clear' | 'index' | 'len' | 'range';

export interface MapAccess {
  kind: MapAccessKind;
  op: MapOp;
  /** The smallest node that performs the access: `m[k]`, `delete(...)`, the range header. */
  node: ast.Node;
  /** The map operand. */
  map: ast.Expr;
  fn: FuncNode;
}

const MAP_ACCESS_KINDS = kindSet(['IfStmt', 'AssignStmt', 'IncDecStmt', 'CallExpr', 'RangeStmt', 'IndexExpr']);

/** Map operations in a function body, not entering nested function literals. */
export function mapAccessesIn(pkg: PackageModel, fn: FuncNode): MapAccess[] {
  const ti = TypeInfo.of(pkg);
  const out: MapAccess[] = [];
  if (!fn.body) return out;
  const isMapExpr = (e: ast.Expr): boolean => isMapType(ti, ti.typeOf(e));
  const writes = new Set<ast.Node>();
  const visit = (n: ast.Node): boolean => {
    switch (n.kind) {
      case 'IfStmt':
        // `if debugX { ... }` with `const debugX = false` is compiled out
        if (isConstFalse(pkg, n.cond)) {
          if (n.init) eachOfKinds(n.init, MAP_ACCESS_KINDS, visit);
          if (n.else) eachOfKinds(n.else, MAP_ACCESS_KINDS, visit);
          return false;
        }
        return true;
      case 'AssignStmt':
        for (const l of n.lhs) {
          const x = unparenExpr(l);
          if (x.kind === 'IndexExpr' && isMapExpr(x.x)) {
            out.push({ kind: 'write', op: 'assign', node: x, map: x.x, fn });
            writes.add(x);
            // m[k] op= v also reads, but the write is what matters
          }
        }
        return true;
      case 'IncDecStmt': {
        const x = unparenExpr(n.x);
        if (x.kind === 'IndexExpr' && isMapExpr(x.x)) {
          out.push({ kind: 'write', op: 'incdec', node: x, map: x.x, fn });
          writes.add(x);
        }
        return true;
      }
      case 'CallExpr': {
        const b = builtinName(pkg, n);
        if ((b === 'delete' || b === 'clear') && n.args[0] && isMapExpr(n.args[0])) {
          out.push({ kind: 'write', op: b, node: n, map: n.args[0], fn });
        } else if (b === 'len' && n.args[0] && isMapExpr(n.args[0])) {
          out.push({ kind: 'read', op: 'len', node: n, map: n.args[0], fn });
        }
        return true;
      }
      case 'RangeStmt':
        if (isMapExpr(n.x)) out.push({ kind: 'iterate', op: 'range', node: n, map: n.x, fn });
        return true;
      case 'IndexExpr':
        if (!writes.has(n) && isMapExpr(n.x)) out.push({ kind: 'read', op: 'index', node: n, map: n.x, fn });
        return true;
      default:
        return true;
    }
  };
  eachOfKinds(fn.body, MAP_ACCESS_KINDS, visit);
  return out;
}

/** `false`, or a constant declared as `false` (debug switches). */
function isConstFalse(pkg: PackageModel, e: ast.Expr): boolean {
  const x = unparenExpr(e);
  if (x.kind !== 'Ident') return false;
  const b = pkg.bindingOf(x);
  if (b?.role === 'universe') return x.name === 'false';
  if (b?.kind !== 'const' || b.source.k !== 'init') return false;
  const init = unparenExpr(b.source.expr);
  return init.kind === 'Ident' && init.name === 'false' && pkg.bindingOf(init)?.role === 'universe';
}

/**
 * True when `alias := s.f` is followed by an assignment to `s.f` before `pos`: the alias then
 * holds the old value alone (`m := t.idle; t.idle = nil`, a swap usually made under a lock).
 */
function detachedBefore(pkg: PackageModel, alias: Binding, init: ast.Expr, pos: number): boolean {
  if (!alias.owner?.body || !alias.ident) return false;
  const key = pathKey(pkg, init);
  if (key === null) return false;
  const memo = pkg.analysis('accesses:reassigned', () => new Map<FuncNode, Map<string, number[]>>());
  let byPath = memo.get(alias.owner);
  if (!byPath) {
    byPath = new Map();
    memo.set(alias.owner, byPath);
    const found = byPath;
    inspect(alias.owner.body, (n) => {
      if (n.kind === 'FuncLit') return false;
      if (n.kind !== 'AssignStmt') return true;
      for (const l of n.lhs) {
        const k = pathKey(pkg, l);
        if (k === null) continue;
        const list = found.get(k);
        if (list) list.push(n.pos);
        else found.set(k, [n.pos]);
      }
      return true;
    });
  }
  const after = alias.ident.end;
  return (byPath.get(key) ?? []).some((p) => p > after && p < pos);
}

/** `var:<id>.f.g` for a variable and its fields, or null for anything else. */
function pathKey(pkg: PackageModel, e: ast.Expr): string | null {
  const x = unparenExpr(e);
  if (x.kind === 'Ident') {
    const b = pkg.bindingOf(x);
    return b ? `var:${b.id}` : null;
  }
  if (x.kind === 'SelectorExpr') {
    const base = pathKey(pkg, x.x);
    return base === null ? null : `${base}.${x.sel.name}`;
  }
  if (x.kind === 'StarExpr') return pathKey(pkg, x.x);
  return null;
}

export function isMapType(ti: TypeInfo, t: LType): boolean {
  return ti.underlying(t).k === 'map';
}

/**
 * Symbolic location of an expression. `subst` maps parameter bindings to what the caller
 * passed. Local aliases (`m := s.items`) are followed.
 */
export function locate(pkg: PackageModel, e: ast.Expr, subst?: ReadonlyMap<number, Location>, depth = 0): Location | null {
  if (depth > 6) return null;
  const x = unparenExpr(e);
  const ti = TypeInfo.of(pkg);
  switch (x.kind) {
    case 'Ident': {
      const b = pkg.bindingOf(x);
      if (!b || b.kind !== 'var') return null;
      const bound = subst?.get(b.id);
      if (bound) return bound;
      // follow a local alias of another location: m := s.items
      if (b.role === 'local' && b.source.k === 'init' && !b.source.ofTuple) {
        const init = unparenExpr(b.source.expr);
        if ((init.kind === 'SelectorExpr' || (init.kind === 'Ident' && init !== x)) && !detachedBefore(pkg, b, init, x.pos)) {
          const aliased = locate(pkg, init, subst, depth + 1);
          if (aliased && aliased.k !== 'var') return aliased;
          if (aliased && aliased.binding.role !== 'local') return aliased;
        }
      }
      return { k: 'var', binding: b };
    }
    case 'SelectorExpr': {
      if (x.x.kind === 'Ident' && pkg.bindingOf(x.x)?.kind === 'import') return null;
      const owner = deref(ti.typeOf(x.x));
      const f = ti.field(owner, x.sel.name);
      if (f?.owner) return { k: 'field', owner: f.owner, field: x.sel.name };
      return null;
    }
    case 'StarExpr': {
      const inner = locate(pkg, x.x, subst, depth + 1);
      return inner?.k === 'addr' ? inner.of : inner;
    }
    case 'UnaryExpr': {
      if (x.op !== Tok.AND) return null;
      const inner = locate(pkg, x.x, subst, depth + 1);
      return inner ? { k: 'addr', of: inner } : null;
    }
    default:
      return null;
  }
}

/**
 * True when an expression yields memory that nobody else holds yet: a literal, make/new, a
 * value received from a channel (handed over), the result of a package function that returns
 * such a value (a constructor), something reached from a fresh local (`tasks.get(id)`,
 * `b.index[k]` with `tasks`/`b` fresh), or a call that is not to this package's code.
 * Package variables, fields of parameters and receivers, and anything else are not fresh.
 */
export function isFreshValue(pkg: PackageModel, e: ast.Expr, depth = 0): boolean {
  if (depth > MAX_FRESH_DEPTH) return false;
  const x = unparenExpr(e);
  switch (x.kind) {
    case 'CompositeLit':
    case 'FuncLit':
    case 'BasicLit':
      return true;
    case 'UnaryExpr':
      if (x.op === Tok.ARROW) return true;
      return x.op === Tok.AND && unparenExpr(x.x).kind === 'CompositeLit';
    case 'Ident': {
      if (x.name === 'nil' && pkg.bindingOf(x)?.role === 'universe') return true;
      const b = pkg.bindingOf(x);
      return b !== undefined && isFreshBinding(pkg, b, depth + 1);
    }
    case 'SelectorExpr':
    case 'IndexExpr':
    case 'StarExpr': {
      let base = unparenExpr(x.x);
      while (base.kind === 'SelectorExpr' || base.kind === 'IndexExpr' || base.kind === 'StarExpr') base = unparenExpr(base.x);
      if (base.kind === 'Ident' && pkg.bindingOf(base)?.kind === 'import') return false;
      return base.kind === 'Ident' && isFreshValue(pkg, base, depth + 1);
    }
    case 'CallExpr': {
      const b = builtinName(pkg, x);
      if (b !== null) return b === 'make' || b === 'new';
      const ti = TypeInfo.of(pkg);
      const callee = ti.callee(x);
      const fun = unparenExpr(x.fun);
      // another package's function or method, a conversion, a function value: they hand back
      // their own values, not this package's variables
      if (!callee) return true;
      // what a method returns from a fresh receiver belongs to that receiver
      if (fun.kind === 'SelectorExpr' && isFreshValue(pkg, fun.x, depth + 1)) return true;
      return returnsFresh(pkg, callee);
    }
    default:
      return false;
  }
}

/** A local variable initialised with a fresh value (or declared without one: nil/zero). */
export function isFreshBinding(pkg: PackageModel, b: Binding, depth = 0): boolean {
  if (depth > 0) return computeFreshBinding(pkg, b, depth);
  // asked for the same variables by every instance pair the race rules compare
  const memo = pkg.analysis('accesses:freshBinding', () => new Map<Binding, boolean>());
  let fresh = memo.get(b);
  if (fresh === undefined) memo.set(b, (fresh = computeFreshBinding(pkg, b, 0)));
  return fresh;
}

function computeFreshBinding(pkg: PackageModel, b: Binding, depth: number): boolean {
  if (b.kind === 'var' && b.role === 'result' && b.owner?.kind === 'FuncDecl') return resultFresh(pkg, b.owner, b);
  if (b.kind !== 'var' || b.role !== 'local') return false;
  switch (b.source.k) {
    case 'none':
      return true;
    case 'init':
      if (b.source.ofTuple) {
        // v, ok := <-ch; v, ok := fresh[k]; srv, c, err := newThings()
        const init = unparenExpr(b.source.expr);
        if (init.kind === 'CallExpr' && b.source.index > 0) {
          const callee = TypeInfo.of(pkg).callee(init);
          return callee ? returnsFresh(pkg, callee, b.source.index) : builtinName(pkg, init) === null;
        }
        return (
          b.source.index === 0 &&
          (init.kind === 'UnaryExpr' || init.kind === 'CallExpr' || init.kind === 'IndexExpr') &&
          isFreshValue(pkg, init, depth)
        );
      }
      return isFreshValue(pkg, b.source.expr, depth);
    case 'range':
      // the elements of a collection this call made
      return b.source.index === 1 && isFreshValue(pkg, b.source.expr, depth);
    default:
      return false;
  }
}

const MAX_FRESH_DEPTH = 8;

/** Every `return` of a package function hands back a fresh first result (memoised per package). */
function returnsFresh(pkg: PackageModel, fn: ast.FuncDecl, index = 0): boolean {
  const memo = pkg.analysis('accesses:returnsFresh', () => new Map<ast.FuncDecl, Map<number, boolean>>());
  let byIndex = memo.get(fn);
  if (!byIndex) memo.set(fn, (byIndex = new Map()));
  const known = byIndex.get(index);
  if (known !== undefined) return known;
  if (!fn.body) return false;
  byIndex.set(index, false); // recursion: not fresh unless proven
  let all = true;
  let any = false;
  inspect(fn.body, (n) => {
    if (!all || n.kind === 'FuncLit') return false;
    if (n.kind === 'ReturnStmt') {
      any = true;
      if (n.results.length === 0) {
        if (!namedResultFresh(pkg, fn, index)) all = false;
      } else if (n.results.length === 1 && index > 0) {
        all = false; // return f() forwarding several results: not followed
      } else {
        const r = n.results[index];
        if (!r || !isFreshValue(pkg, r)) all = false;
      }
      return false;
    }
    return true;
  });
  byIndex.set(index, any && all);
  return any && all;
}

/** A bare return hands back the named results. */
function namedResultFresh(pkg: PackageModel, fn: ast.FuncDecl, index: number): boolean {
  const names = (fn.type.results?.list ?? []).flatMap((f) => f.names);
  const name = names[index];
  const result = name ? pkg.bindingOf(name) : undefined;
  return result !== undefined && resultFresh(pkg, fn, result);
}

/** A named result is fresh when every assignment to it is. */
function resultFresh(pkg: PackageModel, fn: ast.FuncDecl, result: Binding): boolean {
  const memo = pkg.analysis('accesses:resultFresh', () => new Map<Binding, boolean>());
  const known = memo.get(result);
  if (known !== undefined) return known;
  memo.set(result, false); // recursion: not fresh unless proven
  const fresh = assignmentsFresh(pkg, fn, result);
  memo.set(result, fresh);
  return fresh;
}

function assignmentsFresh(pkg: PackageModel, fn: ast.FuncDecl, result: Binding): boolean {
  if (!fn.body) return false;
  let assigned = false;
  let fresh = true;
  inspect(fn.body, (n) => {
    if (!fresh || n.kind === 'FuncLit') return false;
    if (n.kind !== 'AssignStmt') return true;
    n.lhs.forEach((l, i) => {
      const x = unparenExpr(l);
      if (x.kind !== 'Ident' || pkg.bindingOf(x) !== result) return;
      assigned = true;
      const rhs = n.rhs.length === n.lhs.length ? n.rhs[i] : i === 0 ? n.rhs[0] : undefined;
      if (!rhs || !isFreshValue(pkg, rhs)) fresh = false;
    });
    return true;
  });
  return assigned && fresh;
}

/**
 * True when the value a local variable holds has not been handed to anybody before `pos`
 * (in the function that declares it): so far the variable is only read, compared, written
 * through (`v.m[k] = x`, `v.n++`) or passed to len/append/delete. A call with `v` or one of its
 * fields as an argument, a method call on it, a send, a store elsewhere, a closure or a go
 * statement that mentions it publish it.
 */
export function unpublishedAt(pkg: PackageModel, b: Binding, pos: number): boolean {
  const fn = b.owner;
  if (!fn?.body || !b.ident) return false;
  const from = b.ident.end;
  let published = false;
  inspect(fn.body, (n) => {
    if (published || n.pos >= pos) return false;
    if (n.end <= from) return n.kind !== 'Ident';
    if (n.kind === 'FuncLit') {
      if (mentions(pkg, n, b)) published = true;
      return false;
    }
    if (n.kind === 'Ident' && n !== b.ident && pkg.bindingOf(n) === b && publishes(pkg, n)) published = true;
    return true;
  });
  return !published;
}

function mentions(pkg: PackageModel, root: ast.Node, b: Binding): boolean {
  let found = false;
  inspect(root, (n) => {
    if (found) return false;
    if (n.kind === 'Ident' && pkg.bindingOf(n) === b) found = true;
    return true;
  });
  return found;
}

/** Whether this use of a variable lets its value (or a reference inside it) escape. */
function publishes(pkg: PackageModel, use: ast.Ident): boolean {
  // climb the access path v.a.b[k]; a method call on it may store it anywhere
  let e: ast.Node = use;
  for (let p = e.parent; p !== undefined; e = p, p = p.parent) {
    if (p.kind === 'ParenExpr' || p.kind === 'StarExpr') continue;
    if ((p.kind === 'SelectorExpr' || p.kind === 'IndexExpr') && p.x === e) {
      if (p.kind === 'SelectorExpr' && p.parent?.kind === 'CallExpr' && p.parent.fun === p) return true;
      continue;
    }
    break;
  }
  const p = e.parent;
  if (!p) return true;
  switch (p.kind) {
    case 'AssignStmt':
      // a write into it, or a copy of it into another local of the same kind of access
      return !p.lhs.includes(e as ast.Expr);
    case 'IncDecStmt':
    case 'RangeStmt':
    case 'IfStmt':
    case 'SwitchStmt':
    case 'ExprStmt':
      return false;
    case 'BinaryExpr':
      return false;
    case 'UnaryExpr':
      return p.op === Tok.AND;
    case 'IndexExpr':
      return false; // used as a key
    case 'CallExpr': {
      const name = builtinName(pkg, p);
      if (name === 'len' || name === 'cap' || name === 'delete' || name === 'clear') return false;
      return !(name === 'append' && p.args[0] === e);
    }
    default:
      return true;
  }
}
