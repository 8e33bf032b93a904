// Plain memory accesses for the data-race and atomic rules: reads and writes of variables,
// struct fields, slice/array elements and pointer targets, each placed at a key that names the
// memory independently of the function touching it. Unlike the map accesses of accesses.ts,
// values here are copied on assignment (`n := s.count` is a new variable), so plain variables
// are never followed through local aliases; only pointers and slices (whose elements are
// shared by every copy of the header) are.

import type * as ast from '../parse/ast.js';
import { Tok } from '../parse/token.js';
import { eachOfKinds, inspect, kindSet } from '../parse/walk.js';
import { ATOMIC_FUNC_OPS } from '../knowledge/stdlib.js';
import { type Location, locate, locationKey, locationName } from './accesses.js';
import { receiverTypeName } from './package.js';
import { builtinName } from './calls.js';
import type { PackageModel } from './package.js';
import type { Access } from './races.js';
import type { Binding, FuncNode } from './scope.js';
import { TypeInfo, unparenExpr } from './typeinfo.js';
import { deref, type LType } from './types.js';

const WRITE_KINDS = kindSet(['AssignStmt', 'IncDecStmt', 'RangeStmt', 'CallExpr']);
const READ_KINDS = kindSet(['RangeStmt', 'ReturnStmt', 'Ident', 'SelectorExpr', 'IndexExpr', 'StarExpr']);

export type AccessShape = 'var' | 'field' | 'elem' | 'deref';

export interface MemAccess extends Access {
  shape: AccessShape;
  /** `s = append(s, ...)`: a write of the slice header that keeps the old elements. */
  append?: boolean;
  /** The index of an element access; null for whole-collection reads (range, copy). */
  index?: ast.Expr | null;
  /** Accesses the code does not spell: a loop's post statement, named results at a return. */
  implicit?: 'post' | 'return';
  /** Read or written through an unsafe conversion (`*(*uint32)(unsafe.Pointer(&x))`). */
  unsafe?: boolean;
}

/** A place in memory: a Location plus the key accesses are compared by. */
export interface MemPlace {
  loc: Location;
  key: string;
  name: string;
}

export type AtomicOp = 'load' | 'store' | 'add' | 'swap' | 'cas' | 'and' | 'or';

/** The sync/atomic function a call invokes (`AddInt64`) and what it does, or null. */
export function atomicFuncOf(pkg: PackageModel, call: ast.CallExpr): { name: string; op: AtomicOp } | null {
  const q = TypeInfo.of(pkg).qualifiedCallee(call);
  if (q === null || !q.startsWith('sync/atomic.')) return null;
  const name = q.slice('sync/atomic.'.length);
  const op = ATOMIC_FUNC_OPS.get(name);
  return op ? { name, op } : null;
}

/**
 * The memory an lvalue expression denotes: `x`, `s.f`, `a[i]`, `*p`. Variables are their own
 * binding (parameters are copies; only what they point to is the caller's).
 */
export function placeOf(pkg: PackageModel, e: ast.Expr, subst?: ReadonlyMap<number, Location>): MemPlace | null {
  const x = unparenExpr(e);
  switch (x.kind) {
    case 'Ident': {
      const b = pkg.bindingOf(x);
      if (!b || b.kind !== 'var') return null;
      const loc: Location = { k: 'var', binding: b };
      return { loc, key: locationKey(loc), name: b.name };
    }
    case 'SelectorExpr': {
      const loc = locate(pkg, x, subst);
      return loc ? { loc, key: locationKey(loc), name: locationName(loc) } : null;
    }
    case 'IndexExpr':
      return elementsOf(pkg, x.x, subst);
    case 'StarExpr':
      return pointee(pkg, x.x, subst);
    default:
      return null;
  }
}

/** The elements of a slice or array expression: `key[]`. Null for maps and strings. */
export function elementsOf(pkg: PackageModel, coll: ast.Expr, subst?: ReadonlyMap<number, Location>): MemPlace | null {
  const ti = TypeInfo.of(pkg);
  const t = ti.underlying(ti.typeOf(coll));
  let base: MemPlace | null = null;
  if (t.k === 'slice') {
    // every copy of a slice header shares the backing array
    const loc = locate(pkg, coll, subst);
    base = loc ? { loc, key: locationKey(loc), name: locationName(loc) } : null;
  } else if (t.k === 'array') {
    base = placeOf(pkg, coll, subst);
  } else if (t.k === 'ptr' && ti.underlying(t.elem).k === 'array') {
    base = pointee(pkg, coll, subst);
  }
  if (!base) return null;
  return { loc: base.loc, key: `${base.key}[]`, name: `${base.name}[...]` };
}

/** What a pointer expression points to: `&x` → x, a parameter bound to `&x` → x, else `*p`. */
export function pointee(pkg: PackageModel, p: ast.Expr, subst?: ReadonlyMap<number, Location>): MemPlace | null {
  const inner = unconvert(pkg, p);
  if (inner.kind === 'UnaryExpr' && inner.op === Tok.AND) return placeOf(pkg, inner.x, subst);
  const loc = locate(pkg, inner, subst);
  if (!loc) return null;
  if (loc.k === 'addr') return { loc: loc.of, key: locationKey(loc.of), name: locationName(loc.of) };
  return { loc, key: `deref:${locationKey(loc)}`, name: `*${locationName(loc)}` };
}

/**
 * Strips pointer conversions, `unsafe.Pointer(...)` and locals initialised with them:
 * `(*uint32)(unsafe.Pointer(&flags))` → `&flags`.
 */
export function unconvert(pkg: PackageModel, e: ast.Expr, depth = 0): ast.Expr {
  let x = unparenExpr(e);
  for (let i = 0; i < 6; i++) {
    if (x.kind === 'CallExpr' && x.args.length === 1 && isPointerConversion(pkg, x.fun)) {
      x = unparenExpr(x.args[0]!);
      continue;
    }
    break;
  }
  if (x.kind === 'Ident' && depth < 3) {
    const b = pkg.bindingOf(x);
    if (b?.kind === 'var' && b.role === 'local' && b.source.k === 'init' && !b.source.ofTuple) {
      const init = unparenExpr(b.source.expr);
      if (init.kind === 'CallExpr' && init.args.length === 1 && isPointerConversion(pkg, init.fun)) return unconvert(pkg, init, depth + 1);
    }
  }
  return x;
}

/** `unsafe.Pointer`, `(*T)`, `uintptr` used as a conversion. */
export function isPointerConversion(pkg: PackageModel, fun: ast.Expr): boolean {
  const f = unparenExpr(fun);
  if (f.kind === 'StarExpr') return true;
  if (f.kind === 'SelectorExpr' && f.x.kind === 'Ident') {
    const b = pkg.bindingOf(f.x);
    return b?.kind === 'import' && b.importPath === 'unsafe' && f.sel.name === 'Pointer';
  }
  return false;
}

/** True when the conversion chain goes through unsafe.Pointer. */
export function throughUnsafe(pkg: PackageModel, e: ast.Expr): boolean {
  let found = false;
  inspect(e, (n) => {
    if (found) return false;
    if (n.kind === 'SelectorExpr' && n.x.kind === 'Ident' && n.sel.name === 'Pointer' && pkg.bindingOf(n.x)?.importPath === 'unsafe') found = true;
    return true;
  });
  if (!found) {
    const x = unparenExpr(e);
    if (x.kind === 'Ident') {
      const b = pkg.bindingOf(x);
      if (b?.kind === 'var' && b.role === 'local' && b.source.k === 'init') return throughUnsafe(pkg, b.source.expr);
    }
  }
  return found;
}

/** Types whose values synchronise themselves or are only used through methods. */
export function isSyncType(t: LType): boolean {
  const d = deref(t);
  return d.k === 'named' && (d.pkg === 'sync' || d.pkg === 'sync/atomic');
}

/** The loop whose header declares a variable (for-init `:=` or range `:=`), if any. */
export function loopOf(b: Binding): ast.ForStmt | ast.RangeStmt | null {
  const id = b.ident;
  if (!id) return null;
  const p = id.parent;
  if (p?.kind === 'RangeStmt' && p.tok === Tok.DEFINE && (p.key === id || p.value === id)) return p;
  if (p?.kind === 'AssignStmt' && p.tok === Tok.DEFINE && p.parent?.kind === 'ForStmt' && p.parent.init === p) return p.parent;
  return null;
}

/**
 * Plain accesses in one function body (not entering function literals). Atomic operations are
 * not plain accesses: their operands are left out. Map contents belong to the map rules.
 */
export function memAccessesIn(pkg: PackageModel, fn: FuncNode): MemAccess[] {
  // asked for by the atomic rules (every function) and the data-race rules (those goroutines reach)
  const memo = pkg.analysis('memref:accesses', () => new Map<FuncNode, MemAccess[]>());
  let found = memo.get(fn);
  if (!found) memo.set(fn, (found = collectAccesses(pkg, fn)));
  return found;
}

function collectAccesses(pkg: PackageModel, fn: FuncNode): MemAccess[] {
  const ti = TypeInfo.of(pkg);
  const out: MemAccess[] = [];
  if (!fn.body) return out;
  const writes = new Map<ast.Node, { append: boolean; post: boolean }>();
  const atomicOperands = new Set<ast.Node>();

  const markWrite = (lhs: ast.Expr, append: boolean, post: boolean): void => {
    const x = unparenExpr(lhs);
    if (x.kind === 'Ident' && x.name === '_') return;
    writes.set(x, { append, post });
  };

  // writes first, so that the read walk can tell them apart
  eachOfKinds(fn.body, WRITE_KINDS, (n) => {
    switch (n.kind) {
      case 'AssignStmt': {
        const post = n.parent?.kind === 'ForStmt' && n.parent.post === n;
        n.lhs.forEach((l, i) => {
          const x = unparenExpr(l);
          // `:=` declares its new names; only the ones it reuses are written
          if (n.tok === Tok.DEFINE && x.kind === 'Ident' && pkg.bindingOf(x)?.ident === x) return;
          const rhs = n.rhs.length === n.lhs.length ? n.rhs[i] : undefined;
          markWrite(l, rhs !== undefined && isSelfAppend(pkg, l, rhs), post);
        });
        return true;
      }
      case 'IncDecStmt':
        markWrite(n.x, false, n.parent?.kind === 'ForStmt' && n.parent.post === n);
        return true;
      case 'RangeStmt':
        if (n.tok === Tok.ASSIGN) {
          if (n.key) markWrite(n.key, false, false);
          if (n.value) markWrite(n.value, false, false);
        }
        return true;
      case 'CallExpr': {
        if (atomicFuncOf(pkg, n) && n.args[0]) {
          const arg = unparenExpr(n.args[0]);
          atomicOperands.add(arg);
          if (arg.kind === 'UnaryExpr') atomicOperands.add(unparenExpr(arg.x));
        }
        return true;
      }
      default:
        return true;
    }
  });

  const push = (node: ast.Expr, shape: AccessShape, target: ast.Expr, extra: Partial<MemAccess> = {}): void => {
    const w = writes.get(node);
    out.push({ kind: w ? 'write' : 'read', node, target, fn, shape, ...(w?.append ? { append: true } : {}), ...(w?.post ? { implicit: 'post' as const } : {}), ...extra });
  };

  eachOfKinds(fn.body, READ_KINDS, (n) => {
    if (n.kind === 'RangeStmt') {
      // ranging over a slice or array reads its elements
      const x = unparenExpr(n.x);
      if (n.value !== null && (ti.underlying(ti.typeOf(x)).k === 'slice' || ti.underlying(ti.typeOf(x)).k === 'array')) {
        out.push({ kind: 'read', node: x, target: x, fn, shape: 'elem', index: null });
      }
      return true;
    }
    if (n.kind === 'ReturnStmt') {
      namedResultsAt(pkg, fn, n, out);
      return true;
    }
    if (n.kind !== 'Ident' && n.kind !== 'SelectorExpr' && n.kind !== 'IndexExpr' && n.kind !== 'StarExpr') return true;
    if (atomicOperands.has(n)) return false;
    if (!isMaximal(pkg, n)) return true;
    switch (n.kind) {
      case 'Ident': {
        const b = pkg.bindingOf(n);
        if (!b || b.kind !== 'var' || n.name === '_' || b.ident === n) return true;
        if (isSyncType(ti.bindingType(b)) || ti.underlying(ti.bindingType(b)).k === 'map') return true;
        push(n, 'var', n);
        return true;
      }
      case 'SelectorExpr': {
        if (n.x.kind === 'Ident' && pkg.bindingOf(n.x)?.kind === 'import') return false;
        const f = ti.field(ti.typeOf(n.x), n.sel.name);
        if (!f?.owner) return true;
        if (isSyncType(f.type) || ti.underlying(f.type).k === 'map') return true;
        push(n, 'field', n);
        return true;
      }
      case 'IndexExpr': {
        const t = ti.underlying(ti.typeOf(n.x));
        const base = t.k === 'ptr' ? ti.underlying(t.elem) : t;
        if (base.k !== 'slice' && base.k !== 'array') return true;
        push(n, 'elem', n.x, { index: n.index });
        return true;
      }
      case 'StarExpr': {
        // *p as an expression (not a pointer type)
        const t = ti.typeOf(n.x);
        if (t.k !== 'ptr' && unconvert(pkg, n.x) === unparenExpr(n.x)) return true;
        push(n, 'deref', n, throughUnsafe(pkg, n.x) ? { unsafe: true } : {});
        return true;
      }
    }
    return true;
  });
  return out;
}

/** `s = append(s, ...)` (same access path on both sides). */
function isSelfAppend(pkg: PackageModel, lhs: ast.Expr, rhs: ast.Expr): boolean {
  const r = unparenExpr(rhs);
  if (r.kind !== 'CallExpr' || builtinName(pkg, r) !== 'append' || !r.args[0]) return false;
  return samePath(pkg, lhs, r.args[0]);
}

/** Two access paths that name the same variable, field chain or element. */
export function samePath(pkg: PackageModel, a: ast.Expr, b: ast.Expr): boolean {
  const x = unparenExpr(a);
  const y = unparenExpr(b);
  if (x.kind !== y.kind) return false;
  switch (x.kind) {
    case 'Ident': {
      const bx = pkg.bindingOf(x);
      return bx !== undefined && bx === pkg.bindingOf(y as ast.Ident);
    }
    case 'SelectorExpr':
      return x.sel.name === (y as ast.SelectorExpr).sel.name && samePath(pkg, x.x, (y as ast.SelectorExpr).x);
    case 'StarExpr':
      return samePath(pkg, x.x, (y as ast.StarExpr).x);
    case 'IndexExpr': {
      const yi = y as ast.IndexExpr;
      return samePath(pkg, x.x, yi.x) && sameIndex(pkg, x.index, yi.index);
    }
    case 'UnaryExpr':
      return x.op === (y as ast.UnaryExpr).op && samePath(pkg, x.x, (y as ast.UnaryExpr).x);
    case 'BasicLit':
      return x.value === (y as ast.BasicLit).value;
    default:
      return false;
  }
}

function sameIndex(pkg: PackageModel, a: ast.Expr, b: ast.Expr): boolean {
  const x = unparenExpr(a);
  const y = unparenExpr(b);
  if (x.kind === 'BasicLit' && y.kind === 'BasicLit') return x.value === y.value;
  return samePath(pkg, x, y);
}

/**
 * Whether a path expression is the whole access: not the operand of a field selection, an
 * element access, a dereference, an address-of, a method call or a slice expression's base
 * (those are reported at the outer expression, or are not plain accesses).
 */
function isMaximal(pkg: PackageModel, n: ast.Expr): boolean {
  let child: ast.Node = n;
  let p = n.parent;
  while (p?.kind === 'ParenExpr') {
    child = p;
    p = p.parent;
  }
  if (!p) return true;
  switch (p.kind) {
    case 'SelectorExpr':
      // s.f continues the path; s.m(...) calls a method on it (not a plain access)
      return p.x !== child ? true : false;
    case 'IndexExpr':
      if (p.x !== child) return true;
      // the base of an element access is not itself accessed; map lookups read the map value
      return false;
    case 'StarExpr':
      return p.x !== child;
    case 'UnaryExpr':
      return p.op !== Tok.AND;
    case 'CallExpr':
      if (p.fun === child) return false;
      return true;
    case 'KeyValueExpr':
      // struct literal keys are field names, not accesses
      return !(p.key === child && p.parent?.kind === 'CompositeLit');
    default:
      void pkg;
      return true;
  }
}

/** Named results are read by a bare `return`: a goroutine that writes one races with it. */
function namedResultsAt(pkg: PackageModel, fn: FuncNode, ret: ast.ReturnStmt, out: MemAccess[]): void {
  // `return x, y` reads what it returns explicitly (recorded as plain reads)
  if (ret.results.length > 0) return;
  for (const field of fn.type.results?.list ?? []) {
    for (const name of field.names) {
      const b = pkg.bindingOf(name);
      if (!b || name.name === '_') continue;
      out.push({ kind: 'read', node: ret, target: name, fn, shape: 'var', implicit: 'return' });
    }
  }
}

/** Where an access lands in a context (for races.ts). */
export function placeAccess(pkg: PackageModel, a: MemAccess, subst: ReadonlyMap<number, Location> | undefined): MemPlace | null {
  switch (a.shape) {
    case 'var':
    case 'field':
      return placeOf(pkg, a.target, subst);
    case 'elem':
      return elementsOf(pkg, a.target, subst);
    case 'deref':
      return a.target.kind === 'StarExpr' ? pointee(pkg, a.target.x, subst) : null;
  }
}

/**
 * The value an access path starts from, named so that two accesses with the same base may
 * touch the same memory: a package variable, a local variable (followed through local aliases
 * of references), what a parameter was bound to by the caller, or `recv:T` for the receiver of
 * any method of T (methods called on one value). Fields of two different variables of the same
 * type have different bases; null when the path starts from a call or a literal.
 */
export function baseOf(pkg: PackageModel, a: MemAccess, subst: ReadonlyMap<number, Location> | undefined): string | null {
  return baseOfExpr(pkg, a.shape === 'deref' && a.target.kind === 'StarExpr' ? unconvert(pkg, a.target.x) : a.target, subst);
}

/**
 * The key conflicts are grouped by: the place itself for plain variables, the place and the
 * base value for fields, elements and pointer targets (`field:T.n@var:12`).
 */
export function identityKey(pkg: PackageModel, place: MemPlace, path: ast.Expr, at: ast.Node, subst: ReadonlyMap<number, Location> | undefined): string {
  if (/^var:\d+$/.test(place.key)) return place.key;
  return `${place.key}@${baseOfExpr(pkg, path, subst) ?? `node:${at.pos}`}`;
}

export function baseOfExpr(pkg: PackageModel, path: ast.Expr, subst: ReadonlyMap<number, Location> | undefined): string | null {
  let e: ast.Expr = unconvert(pkg, path);
  for (let depth = 0; depth < 6; depth++) {
    let x = unparenExpr(e);
    while (x.kind === 'SelectorExpr' || x.kind === 'IndexExpr' || x.kind === 'StarExpr' || x.kind === 'SliceExpr' || (x.kind === 'UnaryExpr' && x.op === Tok.AND)) {
      if (x.kind === 'SelectorExpr' && x.x.kind === 'Ident' && pkg.bindingOf(x.x)?.kind === 'import') return `pkgvar:${x.x.name}.${x.sel.name}`;
      x = unparenExpr(x.x);
    }
    if (x.kind !== 'Ident') return null;
    const b = pkg.bindingOf(x);
    if (!b || b.kind !== 'var') return null;
    const bound = subst?.get(b.id);
    if (bound) return baseOfLocation(bound);
    if (b.role === 'local' && b.source.k === 'init' && !b.source.ofTuple && b.ident !== x) {
      // r := s.rules; p := &s.state: the same memory as the path it was made from
      const init = unparenExpr(b.source.expr);
      const t = TypeInfo.of(pkg).underlying(TypeInfo.of(pkg).bindingType(b));
      const reference = t.k === 'ptr' || t.k === 'slice' || t.k === 'map';
      if (reference && (init.kind === 'SelectorExpr' || init.kind === 'Ident' || (init.kind === 'UnaryExpr' && init.op === Tok.AND) || init.kind === 'IndexExpr')) {
        e = init;
        continue;
      }
    }
    return baseOfBinding(b);
  }
  return null;
}

function baseOfBinding(b: Binding): string {
  if (b.role === 'recv' && b.owner?.kind === 'FuncDecl') {
    const t = receiverTypeName(b.owner);
    if (t) return `recv:${t}`;
  }
  return `var:${b.id}`;
}

function baseOfLocation(l: Location): string {
  switch (l.k) {
    case 'addr':
      return baseOfLocation(l.of);
    case 'var':
      return baseOfBinding(l.binding);
    case 'field':
      return `field:${l.owner}.${l.field}`;
  }
}

/** The access path an access starts from (for its base): `*p` → p (through conversions). */
export function pathOf(pkg: PackageModel, a: MemAccess): ast.Expr {
  return a.shape === 'deref' && a.target.kind === 'StarExpr' ? unconvert(pkg, a.target.x) : a.target;
}

/**
 * The Go runtime synchronises with its own locks and atomics (runtime/internal/atomic,
 * lock(&l)), which the concurrency model does not know: its plain accesses say nothing. So does
 * the std sync package.
 */
export function ownSynchronisation(pkg: PackageModel): boolean {
  return pkg.files.some((f) =>
    [...f.imports.values()].some(
      (p) =>
        p === 'runtime/internal/atomic' ||
        p === 'internal/runtime/atomic' ||
        // the std sync package implements the primitives: its racy reads are validated by CAS by design
        (p === 'internal/race' && pkg.name === 'sync'),
    ),
  );
}
