// sync.Pool usage: the pools of a package (by variable or field), what their New makes, where
// values are taken (Get, or a package helper that returns a Get result) and given back (Put),
// and whether a value is reset before it can reach the next user.

import type * as ast from '../parse/ast.js';
import { Tok } from '../parse/token.js';
import { inspect, kindSet } from '../parse/walk.js';
import { RELEASE_METHODS, STD_RESOURCE_CONSTRUCTORS, STD_RESOURCE_TYPES } from '../knowledge/resources.js';
import { isFreshBinding, locate, locationKey, locationName } from './accesses.js';
import { builtinName, callsNamed, isMethodOn } from './calls.js';
import { exprText } from './facts.js';
import type { PackageModel } from './package.js';
import type { Binding, FuncNode } from './scope.js';
import { TypeInfo, unparenExpr } from './typeinfo.js';
import { deref, type LType } from './types.js';

export interface PoolGet {
  call: ast.CallExpr;
  fn: FuncNode;
  pool: string;
  /** The variable holding the value (`v := p.Get().(T)`), if any. */
  value: Binding | null;
  /** The asserted type (`.(T)`), if any. */
  type: LType | null;
}

export interface PoolPut {
  call: ast.CallExpr;
  fn: FuncNode;
  pool: string;
  /** The pool operand as written. */
  poolText: string;
  arg: ast.Expr;
  /** `defer p.Put(v)`, or a Put inside a deferred closure: runs when the function returns. */
  deferred: boolean;
}

export interface PoolNew {
  pool: string;
  /** `New` in the composite literal, or the `p.New` being assigned. */
  node: ast.Node;
  fn: FuncNode | null;
}

export interface Pools {
  gets: PoolGet[];
  puts: PoolPut[];
  news: PoolNew[];
  /** Package functions that return a value taken from a pool: function → pool key. */
  getters: Map<ast.FuncDecl, string>;
}

export function pools(pkg: PackageModel): Pools {
  return pkg.analysis('pools', compute);
}

export type PooledKind = 'map' | 'slice' | 'slice-pointer' | 'buffer';

/** What a pooled value is, for the question of how to reset it. */
export function pooledKind(pkg: PackageModel, t: LType | null): PooledKind | null {
  if (!t) return null;
  const ti = TypeInfo.of(pkg);
  const u = ti.underlying(t);
  if (u.k === 'map') return 'map';
  if (u.k === 'slice') return 'slice';
  if (u.k === 'ptr') {
    const e = ti.underlying(u.elem);
    if (e.k === 'slice') return 'slice-pointer';
    const d = u.elem;
    if (d.k === 'named' && ((d.pkg === 'bytes' && d.name === 'Buffer') || (d.pkg === 'strings' && d.name === 'Builder'))) return 'buffer';
  }
  return null;
}

/** The key of the pool a Get/Put is called on (`var:12`, `field:T.pool`), and its name. */
export function poolOf(pkg: PackageModel, call: ast.CallExpr): { key: string; name: string } | null {
  const fun = unparenExpr(call.fun);
  if (fun.kind !== 'SelectorExpr') return null;
  const loc = locate(pkg, fun.x);
  if (loc) {
    const l = loc.k === 'addr' ? loc.of : loc;
    return { key: locationKey(l), name: locationName(l) };
  }
  const text = exprText(fun.x);
  return { key: `expr:${text}`, name: text };
}

function compute(pkg: PackageModel): Pools {
  const gets: PoolGet[] = [];
  const puts: PoolPut[] = [];
  for (const call of callsNamed(pkg, { selector: ['Get', 'Put'] })) {
    const isGet = isMethodOn(pkg, call, 'sync', 'Pool', 'Get') && call.args.length === 0;
    const isPut = !isGet && isMethodOn(pkg, call, 'sync', 'Pool', 'Put') && call.args.length === 1;
    if (!isGet && !isPut) continue;
    const fn = pkg.enclosingFunction(call);
    const pool = poolOf(pkg, call);
    if (!fn || !pool) continue;
    if (isGet) {
      const { value, type } = receiverOfGet(pkg, call);
      gets.push({ call, fn, pool: pool.key, value, type });
    } else {
      const fun = unparenExpr(call.fun) as ast.SelectorExpr;
      puts.push({ call, fn, pool: pool.key, poolText: exprText(fun.x), arg: call.args[0]!, deferred: isDeferred(call, fn) });
    }
  }
  const getters = new Map<ast.FuncDecl, string>();
  for (const g of gets) {
    if (g.fn.kind !== 'FuncDecl' || getters.has(g.fn)) continue;
    if (returnsGet(pkg, g)) getters.set(g.fn, g.pool);
  }
  return { gets, puts, news: poolNews(pkg), getters };
}

/** `defer p.Put(v)` or a Put in a deferred closure of `fn`. */
function isDeferred(call: ast.CallExpr, fn: FuncNode): boolean {
  if (call.parent?.kind === 'DeferStmt') return true;
  if (fn.kind === 'FuncLit') {
    const p = fn.parent;
    return p?.kind === 'CallExpr' && p.fun === fn && p.parent?.kind === 'DeferStmt';
  }
  return false;
}

/** The variable a Get result is stored in, through a type assertion. */
function receiverOfGet(pkg: PackageModel, call: ast.CallExpr): { value: Binding | null; type: LType | null } {
  let node: ast.Node = call;
  let type: LType | null = null;
  let p = node.parent;
  while (p?.kind === 'ParenExpr') {
    node = p;
    p = p.parent;
  }
  if (p?.kind === 'TypeAssertExpr' && p.x === node && p.type) {
    type = TypeInfo.of(pkg).typeFromExpr(p.type);
    node = p;
    p = p.parent;
    while (p?.kind === 'ParenExpr') {
      node = p;
      p = p.parent;
    }
  }
  const lhs = p?.kind === 'AssignStmt' ? assignedTo(p.lhs, p.rhs, node) : p?.kind === 'ValueSpec' ? assignedTo(p.names, p.values, node) : null;
  const x = lhs ? unparenExpr(lhs) : null;
  const b = x?.kind === 'Ident' ? pkg.bindingOf(x) : undefined;
  return { value: b?.kind === 'var' ? b : null, type };
}

function assignedTo(lhs: readonly ast.Expr[], rhs: readonly ast.Expr[], value: ast.Node): ast.Expr | null {
  const i = rhs.indexOf(value as ast.Expr);
  if (i < 0) return null;
  if (rhs.length === lhs.length) return lhs[i] ?? null;
  return i === 0 ? (lhs[0] ?? null) : null;
}

/** Every return of the Get's function hands back the value it took. */
function returnsGet(pkg: PackageModel, g: PoolGet): boolean {
  if (!g.fn.body) return false;
  let all = true;
  let any = false;
  inspect(g.fn.body, (n) => {
    if (n.kind === 'FuncLit') return false;
    if (n.kind !== 'ReturnStmt') return true;
    any = true;
    const r = n.results.length === 1 ? unparenExpr(n.results[0]!) : null;
    if (!r) all = false;
    else if (r.kind === 'Ident') {
      if (!g.value || pkg.bindingOf(r) !== g.value) all = false;
    } else if (!(r.pos <= g.call.pos && g.call.end <= r.end)) all = false;
    return false;
  });
  return any && all;
}

const POOL_NEW_KINDS = kindSet(['CompositeLit', 'AssignStmt']);

/** `sync.Pool{New: ...}` literals and `p.New = ...` assignments. */
function poolNews(pkg: PackageModel): PoolNew[] {
  const ti = TypeInfo.of(pkg);
  const out: PoolNew[] = [];
  const funcOf = (v: ast.Expr): FuncNode | null => {
    const x = unparenExpr(v);
    if (x.kind === 'FuncLit') return x;
    if (x.kind === 'Ident') {
      const b = pkg.bindingOf(x);
      return b?.kind === 'func' && b.decl?.kind === 'FuncDecl' ? b.decl : null;
    }
    return null;
  };
  pkg.eachNodeOfKinds(POOL_NEW_KINDS, (n) => {
    if (n.kind === 'CompositeLit' && n.type) {
      const t = ti.typeFromExpr(n.type);
      if (t.k !== 'named' || t.pkg !== 'sync' || t.name !== 'Pool') return;
      for (const e of n.elts) {
        if (e.kind !== 'KeyValueExpr' || e.key.kind !== 'Ident' || e.key.name !== 'New') continue;
        out.push({ pool: poolKeyOfLiteral(pkg, n), node: e.key, fn: funcOf(e.value) });
      }
      return;
    }
    if (n.kind === 'AssignStmt' && n.tok === Tok.ASSIGN && n.lhs.length === 1 && n.rhs.length === 1) {
      const l = unparenExpr(n.lhs[0]!);
      if (l.kind === 'SelectorExpr' && l.sel.name === 'New') {
        const t = deref(ti.typeOf(l.x));
        if (t.k === 'named' && t.pkg === 'sync' && t.name === 'Pool') {
          const loc = locate(pkg, l.x);
          out.push({ pool: loc ? locationKey(loc.k === 'addr' ? loc.of : loc) : `expr:${exprText(l.x)}`, node: l.sel, fn: funcOf(n.rhs[0]!) });
        }
      }
    }
  });
  return out;
}

/** The pool a `sync.Pool{...}` literal initialises: a variable, or a field of a struct literal. */
function poolKeyOfLiteral(pkg: PackageModel, lit: ast.CompositeLit): string {
  let node: ast.Node = lit;
  let p = lit.parent;
  while (p && (p.kind === 'ParenExpr' || (p.kind === 'UnaryExpr' && p.op === Tok.AND))) {
    node = p;
    p = p.parent;
  }
  if (p?.kind === 'ValueSpec') {
    const i = p.values.indexOf(node as ast.Expr);
    const name = p.names[i];
    const b = name ? pkg.bindingOf(name) : undefined;
    if (b) return `var:${b.id}`;
  }
  if (p?.kind === 'AssignStmt') {
    const i = p.rhs.indexOf(node as ast.Expr);
    const l = p.lhs[i];
    const loc = l ? locate(pkg, l) : null;
    if (loc) return locationKey(loc);
  }
  if (p?.kind === 'KeyValueExpr' && p.key.kind === 'Ident' && p.parent?.kind === 'CompositeLit' && p.parent.type) {
    const owner = TypeInfo.of(pkg).typeFromExpr(p.parent.type);
    if (owner.k === 'named' && owner.pkg === '') return `field:${owner.name}.${p.key.name}`;
  }
  return `lit:${lit.pos}`;
}

// ---------------------------------------------------------------------------
// Resets

/**
 * True when `fn` resets the value held by `v` between `from` and `to` (offsets): `clear(v)`, a
 * range that deletes every key, `v.Reset()`, `v.Truncate(0)`, `v = v[:0]`, `*v = (*v)[:0]`, or
 * a new value assigned to it.
 */
export function resetBetween(pkg: PackageModel, fn: FuncNode, v: Binding, from: number, to: number): boolean {
  if (!fn.body) return false;
  const aliases = aliasesOf(pkg, fn, v);
  const isV = (e: ast.Expr): boolean => {
    const x = unparenExpr(e);
    if (x.kind === 'Ident') {
      const b = pkg.bindingOf(x);
      return b !== undefined && aliases.has(b);
    }
    if (x.kind === 'StarExpr') return isV(x.x);
    return false;
  };
  let found = false;
  inspect(fn.body, (n) => {
    if (found) return false;
    if (n.end <= from || n.pos >= to) return false;
    switch (n.kind) {
      case 'CallExpr': {
        const b = builtinName(pkg, n);
        if (b === 'clear' && n.args[0] && isV(n.args[0])) found = true;
        const fun = unparenExpr(n.fun);
        if (fun.kind === 'SelectorExpr' && isV(fun.x)) {
          if (fun.sel.name === 'Reset' || fun.sel.name === 'reset') found = true;
          if (fun.sel.name === 'Truncate' && n.args[0] && unparenExpr(n.args[0]).kind === 'BasicLit' && (unparenExpr(n.args[0]) as ast.BasicLit).value === '0') found = true;
        }
        return true;
      }
      case 'RangeStmt':
        if (isV(n.x) && deletesAll(pkg, n, isV)) found = true;
        return true;
      case 'AssignStmt':
        n.lhs.forEach((l, i) => {
          if (!isV(l)) return;
          const r = n.rhs.length === n.lhs.length ? n.rhs[i] : undefined;
          if (r && isResetValue(pkg, r)) found = true;
        });
        return true;
      default:
        return true;
    }
  });
  return found;
}

/** `x[:0]`, `make(...)`, a literal or nil. */
export function isResetValue(pkg: PackageModel, e: ast.Expr): boolean {
  const x = unparenExpr(e);
  if (x.kind === 'SliceExpr') {
    const h = x.high ? unparenExpr(x.high) : null;
    return h?.kind === 'BasicLit' && h.value === '0';
  }
  if (x.kind === 'CompositeLit') return true;
  if (x.kind === 'Ident' && x.name === 'nil') return true;
  if (x.kind === 'CallExpr') {
    const b = builtinName(pkg, x);
    return b === 'make' || b === 'new';
  }
  return false;
}

/** `for k := range m { delete(m, k) }`. */
function deletesAll(pkg: PackageModel, r: ast.RangeStmt, isV: (e: ast.Expr) => boolean): boolean {
  let found = false;
  inspect(r.body, (n) => {
    if (n.kind === 'CallExpr' && builtinName(pkg, n) === 'delete' && n.args[0] && isV(n.args[0])) found = true;
    return !found;
  });
  return found;
}

/** `v` and the locals of `fn` that hold the same memory (`b := *bp`, `m := v`). */
export function aliasesOf(pkg: PackageModel, fn: FuncNode, v: Binding): Set<Binding> {
  const out = new Set<Binding>([v]);
  if (!fn.body) return out;
  let grew = true;
  while (grew) {
    grew = false;
    inspect(fn.body, (n) => {
      if (n.kind !== 'AssignStmt' || n.tok !== Tok.DEFINE || n.lhs.length !== n.rhs.length) return true;
      n.lhs.forEach((l, i) => {
        const lb = l.kind === 'Ident' ? pkg.bindingOf(l) : undefined;
        if (!lb || out.has(lb) || lb.ident !== l) return;
        let r = unparenExpr(n.rhs[i]!);
        if (r.kind === 'StarExpr') r = unparenExpr(r.x);
        if (r.kind === 'SliceExpr') r = unparenExpr(r.x);
        if (r.kind === 'Ident') {
          const rb = pkg.bindingOf(r);
          if (rb && out.has(rb)) {
            out.add(lb);
            grew = true;
          }
        }
      });
      return true;
    });
  }
  return out;
}

/** The binding a Put argument names (`v`, `&v`, `v[:0]`), and whether the argument resets it itself. */
export function putValue(pkg: PackageModel, arg: ast.Expr): { binding: Binding | null; resetsItself: boolean } {
  let x = unparenExpr(arg);
  const resetsItself = isResetValue(pkg, x) && x.kind === 'SliceExpr';
  if (x.kind === 'SliceExpr') x = unparenExpr(x.x);
  if (x.kind === 'UnaryExpr' && x.op === Tok.AND) x = unparenExpr(x.x);
  const b = x.kind === 'Ident' ? pkg.bindingOf(x) : undefined;
  return { binding: b?.kind === 'var' ? b : null, resetsItself };
}

/** Where a value in `fn` came from: a Get of a pool (directly or through a getter), made fresh, or unknown. */
export function originOf(pkg: PackageModel, p: Pools, v: Binding): { k: 'get'; get: PoolGet | null; pool: string; at: ast.Node } | { k: 'fresh'; at: ast.Node } | null {
  const direct = p.gets.find((g) => g.value === v);
  if (direct) return { k: 'get', get: direct, pool: direct.pool, at: direct.call };
  if (v.source.k === 'init' && v.role === 'local') {
    let init = unparenExpr(v.source.expr);
    if (init.kind === 'TypeAssertExpr') init = unparenExpr(init.x);
    if (init.kind === 'CallExpr') {
      const callee = TypeInfo.of(pkg).callee(init);
      const pool = callee ? p.getters.get(callee) : undefined;
      if (pool !== undefined) return { k: 'get', get: null, pool, at: init };
    }
    if (!v.source.ofTuple && isFreshBinding(pkg, v) && isMade(pkg, v.source.expr)) return { k: 'fresh', at: v.source.expr };
  }
  return null;
}

/** `make(...)`, `new(T)`, a composite literal or its address: memory made right here. */
function isMade(pkg: PackageModel, e: ast.Expr): boolean {
  const x = unparenExpr(e);
  if (x.kind === 'CompositeLit') return true;
  if (x.kind === 'UnaryExpr' && x.op === Tok.AND) return unparenExpr(x.x).kind === 'CompositeLit';
  if (x.kind === 'CallExpr') {
    const b = builtinName(pkg, x);
    return b === 'make' || b === 'new';
  }
  return false;
}

// ---------------------------------------------------------------------------
// Resources held by pooled values

export interface HeldResource {
  /** The type as written in messages. */
  type: string;
  /** The release method (Close, Stop...). */
  method: string;
  /** The method's declaration, for package types. */
  decl: ast.FuncDecl | null;
  /** The return that hands it out. */
  at: ast.Expr;
}

/** What a pool's New hands out that needs a release method, if anything. */
export function newHoldsResource(pkg: PackageModel, fn: FuncNode): HeldResource | null {
  if (!fn.body) return null;
  const ti = TypeInfo.of(pkg);
  let found: HeldResource | null = null;
  inspect(fn.body, (n) => {
    if (found || n.kind === 'FuncLit') return false;
    if (n.kind !== 'ReturnStmt' || n.results.length !== 1) return true;
    const r = unparenExpr(n.results[0]!);
    found = resourceOfExpr(pkg, ti, r);
    return false;
  });
  return found;
}

function resourceOfExpr(pkg: PackageModel, ti: TypeInfo, r: ast.Expr): HeldResource | null {
  if (r.kind === 'CallExpr') {
    const q = ti.qualifiedCallee(r);
    const m = q ? STD_RESOURCE_CONSTRUCTORS.get(q) : undefined;
    if (m) return { type: `the result of ${q!.slice(q!.lastIndexOf('/') + 1)}`, method: m, decl: null, at: r };
  }
  if (r.kind === 'Ident') {
    const b = pkg.bindingOf(r);
    if (b?.kind === 'var' && b.role === 'local' && b.source.k === 'init' && b.source.index === 0) {
      const init = unparenExpr(b.source.expr);
      if (init.kind === 'CallExpr') {
        const viaInit = resourceOfExpr(pkg, ti, init);
        if (viaInit) return { ...viaInit, at: r };
      }
    }
  }
  let t = ti.typeOf(r);
  if (t.k === 'tuple') t = t.items[0] ?? t;
  const d = deref(t);
  if (d.k !== 'named') return null;
  if (d.pkg !== '') {
    const m = STD_RESOURCE_TYPES.get(`${d.pkg}.${d.name}`);
    return m ? { type: `${d.pkg.slice(d.pkg.lastIndexOf('/') + 1)}.${d.name}`, method: m, decl: null, at: r } : null;
  }
  for (const name of RELEASE_METHODS) {
    const decl = pkg.method(d.name, name);
    if (decl && releasesSomething(pkg, decl)) return { type: d.name, method: name, decl, at: r };
  }
  return null;
}

/** A release method that does something (not empty, not just handing the value back to a pool). */
function releasesSomething(pkg: PackageModel, decl: ast.FuncDecl): boolean {
  if (!decl.body || decl.body.list.length === 0) return false;
  let putsBack = false;
  let acts = false;
  inspect(decl.body, (n) => {
    if (n.kind === 'CallExpr') {
      if (isMethodOn(pkg, n, 'sync', 'Pool', 'Put')) putsBack = true;
      else acts = true;
    }
    return true;
  });
  return acts && !putsBack;
}
