// Atomic operations (sync/atomic functions on `&x`) and the plain accesses of the same memory.
// A variable the code reads or writes atomically anywhere is one the author knows is shared:
// a plain access to it that can run at the same time as an atomic one is a data race (the race
// detector reports it), however harmless it looks.

import type * as ast from '../parse/ast.js';
import { isFreshBinding, type Location, unpublishedAt } from './accesses.js';
import { Concurrency } from './concurrency.js';
import { isPlainFunc } from './lifetime.js';
import { atomicFuncOf, type AtomicOp, identityKey, isPointerConversion, ownSynchronisation, type MemAccess, memAccessesIn, type MemPlace, pathOf, placeAccess, pointee } from './memref.js';
import type { PackageModel } from './package.js';
import { type Access, commonLock, type Conflict, findConflicts, type Instance, instancesOf } from './races.js';
import type { FuncNode } from './scope.js';
import { unparenExpr } from './typeinfo.js';
import { ATOMIC_FUNC_OPS } from '../knowledge/stdlib.js';
import { callsNamed } from './calls.js';
import { Tok } from '../parse/token.js';
import { eachOfKinds, inspect, kindSet } from '../parse/walk.js';

const CALLS = kindSet(['CallExpr']);

export interface AtomicAccess extends Access {
  atomic: true;
  op: AtomicOp;
  /** The sync/atomic function: `AddInt64`. */
  name: string;
  call: ast.CallExpr;
  /** The pointer argument: `&x`, `&s.n`, `p`. */
  operand: ast.Expr;
}

export type AnyAccess = AtomicAccess | (MemAccess & { atomic?: undefined });

export interface MixedAccess {
  /** The plain access. */
  plain: MemAccess;
  /** An atomic access it races with. */
  atomic: AtomicAccess;
  place: MemPlace;
  /** Why they may overlap (empty when only the atomics say the variable is shared). */
  because: { node: ast.Node; message: string }[];
}

export interface Atomics {
  ops: AtomicAccess[];
  /** Keys of the memory accessed atomically somewhere (placed without call context). */
  keys: Set<string>;
  /** Plain accesses of atomically accessed memory that may run at the same time as an atomic one. */
  mixed: MixedAccess[];
}

export function atomics(pkg: PackageModel): Atomics {
  return pkg.analysis('atomics', compute);
}

/** The sync/atomic calls of a function body (not entering literals). */
export function atomicOpsIn(pkg: PackageModel, fn: FuncNode): AtomicAccess[] {
  const out: AtomicAccess[] = [];
  for (const call of callsIn(fn)) {
    const a = atomicFuncOf(pkg, call);
    if (!a || !call.args[0]) continue;
    out.push({
      atomic: true,
      kind: a.op === 'load' ? 'read' : 'write',
      node: call,
      target: addressed(pkg, call.args[0]),
      fn,
      op: a.op,
      name: a.name,
      call,
      operand: call.args[0],
    });
  }
  return out;
}

/**
 * The memory an atomic operand points at, as an access target: `x` for `&x` (also through
 * pointer conversions: `(*unsafe.Pointer)(unsafe.Pointer(&x))`), else the pointer.
 */
function addressed(pkg: PackageModel, operand: ast.Expr): ast.Expr {
  let x = unparenExpr(operand);
  while (x.kind === 'CallExpr' && x.args.length === 1 && isPointerConversion(pkg, x.fun)) x = unparenExpr(x.args[0]!);
  return x.kind === 'UnaryExpr' && x.op === Tok.AND ? unparenExpr(x.x) : operand;
}

/** The calls `fn` makes itself (not those of literals inside it), in source order. */
function callsIn(fn: FuncNode): ast.CallExpr[] {
  const out: ast.CallExpr[] = [];
  eachOfKinds(fn, CALLS, (n) => {
    if (n.kind === 'CallExpr') out.push(n);
  });
  return out;
}

function compute(pkg: PackageModel): Atomics {
  const ops: AtomicAccess[] = [];
  const withAtomics = new Set<FuncNode>();
  for (const call of callsNamed(pkg, { selector: ATOMIC_FUNC_OPS.keys() })) {
    if (!atomicFuncOf(pkg, call)) continue;
    const fn = pkg.enclosingFunction(call);
    if (fn) withAtomics.add(fn);
  }
  for (const fn of withAtomics) ops.push(...atomicOpsIn(pkg, fn));
  const keys = new Set<string>();
  const names = new Set<string>();
  for (const op of ops) {
    const p = pointee(pkg, op.operand);
    if (!p) continue;
    keys.add(p.key);
    names.add(lastName(p.loc));
  }
  if (keys.size === 0 || ownSynchronisation(pkg)) return { ops, keys, mixed: [] };

  const plain: MemAccess[] = [];
  const mentions = new Map<ast.Node, boolean>();
  for (const fn of pkg.functions) {
    if (!mentionsAny(pkg, fn, names, mentions)) continue;
    for (const a of memAccessesIn(pkg, fn)) {
      if (a.implicit) continue;
      const p = placeAccess(pkg, a, undefined);
      if (p && keys.has(p.key)) plain.push(a);
    }
  }
  return { ops, keys, mixed: plain.length === 0 ? [] : mixedAccesses(pkg, ops, plain, keys) };
}

/** The identifier an access to a location must spell: the variable's or the field's name. */
function lastName(loc: Location): string {
  return loc.k === 'addr' ? lastName(loc.of) : loc.k === 'var' ? loc.binding.name : loc.field;
}

/**
 * Whether the top-level function around `fn` spells one of these names anywhere, literals
 * included (a literal reaches memory through aliases its encloser made): no access of the
 * atomically used memory can be in a function that does not.
 */
function mentionsAny(pkg: PackageModel, fn: FuncNode, names: ReadonlySet<string>, memo: Map<ast.Node, boolean>): boolean {
  let top: FuncNode = fn;
  for (let outer = pkg.enclosingFunction(top); outer !== null; outer = pkg.enclosingFunction(top)) top = outer;
  let found = memo.get(top);
  if (found === undefined) {
    // a name spelled by an identifier is in the source text: most functions are ruled out there
    const src = pkg.fileOfNode(top)?.src;
    const text = src === undefined ? null : src.slice(top.pos, top.end);
    let spelled = text === null;
    if (text !== null) for (const name of names) if (text.includes(name)) spelled = true;
    found = spelled && pkg.nodesOfKind('Ident', top).some((id) => names.has(id.name));
    memo.set(top, found);
  }
  return found;
}

function mixedAccesses(pkg: PackageModel, ops: AtomicAccess[], plain: MemAccess[], keys: Set<string>): MixedAccess[] {
  const conc = Concurrency.of(pkg);
  const place = (a: AnyAccess, subst: Parameters<typeof placeAccess>[2]): MemPlace | null =>
    a.atomic ? pointee(pkg, a.operand, subst) : placeAccess(pkg, a, subst);
  const all: AnyAccess[] = [...ops, ...plain];
  // each instance placed at the memory it touches (an atomic one at what its operand points to)
  const instances: Instance<AnyAccess>[] = [];
  const placeOf = new Map<Instance<AnyAccess>, MemPlace>();
  for (const i of instancesOf<AnyAccess>(pkg, conc, all)) {
    const p = place(i.access, i.frame?.subst);
    if (!p) continue;
    instances.push(i);
    placeOf.set(i, p);
    i.loc = p.loc;
    // fields of different values of one type are different memory
    i.key = identityKey(pkg, p, i.access.atomic ? i.access.operand : pathOf(pkg, i.access), i.access.node, i.frame?.subst);
  }
  const out: MixedAccess[] = [];
  const reported = new Set<ast.Node>();
  const conflicts: Conflict<AnyAccess>[] = findConflicts(pkg, conc, instances);
  for (const c of conflicts) {
    const [p, q] = c.a.access.atomic ? [c.b, c.a] : [c.a, c.b];
    if (p.access.atomic || !q.access.atomic || reported.has(p.access.node)) continue;
    if (sequentialLocal(pkg, p.access, ops)) continue;
    reported.add(p.access.node);
    out.push({ plain: p.access, atomic: q.access, place: placeOf.get(p)!, because: c.because });
  }

  // Where no goroutine of this package reaches either side, the callers provide the
  // concurrency: the atomic operations say the memory is shared, so a plain access is a race
  // unless it is ordered by a lock every atomic write also holds, or the memory is not
  // published yet.
  const framed = (a: AnyAccess): boolean => conc.framesOf(a.fn).length > 0;
  const opsByKey = new Map<string, AtomicAccess[]>();
  for (const op of ops) {
    const p = pointee(pkg, op.operand);
    if (!p) continue;
    const key = identityKey(pkg, p, op.operand, op.node, undefined);
    const list = opsByKey.get(key);
    if (list) list.push(op);
    else opsByKey.set(key, [op]);
  }
  for (const a of plain) {
    if (reported.has(a.node) || framed(a)) continue;
    const p = placeAccess(pkg, a, undefined);
    if (!p || !keys.has(p.key)) continue;
    const related = opsByKey.get(identityKey(pkg, p, pathOf(pkg, a), a.node, undefined)) ?? [];
    if (related.some(framed)) continue;
    if (isPlainFunc(a.fn, 'init') || unpublished(pkg, a) || sequentialLocal(pkg, a, ops)) continue;
    const mine = instances.find((i) => i.access === a && i.frame === null);
    const writers = related.filter((o) => o.kind === 'write');
    const counterpart = a.kind === 'read' ? writers : related;
    if (counterpart.length === 0) continue;
    // a plain read under the lock every atomic writer holds cannot see a write in progress
    if (mine && a.kind === 'read') {
      const ordered = counterpart.every((o) => {
        const oi = instances.find((i) => i.access === o && i.frame === null);
        return oi !== undefined && commonLock(mine, oi) !== null;
      });
      if (ordered) continue;
    }
    reported.add(a.node);
    out.push({ plain: a, atomic: counterpart[0]!, place: p, because: [] });
  }
  return out;
}

/** The access goes through a local value nobody else has seen yet (`c := &T{}; c.n = 1`). */
function unpublished(pkg: PackageModel, a: MemAccess): boolean {
  let x = unparenExpr(a.target);
  while (x.kind === 'SelectorExpr' || x.kind === 'IndexExpr' || x.kind === 'StarExpr') x = unparenExpr(x.x);
  if (x.kind !== 'Ident') return false;
  const b = pkg.bindingOf(x);
  if (!b || b.kind !== 'var' || b.role !== 'local' || b.owner !== a.fn) return false;
  if (a.shape === 'var') return false;
  return isFreshBinding(pkg, b) && unpublishedAt(pkg, b, a.node.pos);
}

/**
 * A local variable (or named result) of the accessing function whose atomic operations all run in that function
 * itself or in callbacks that end before the access (`b.RunParallel(func(pb) { atomic.AddInt64(&n, 1) })`
 * then `n` read), with every goroutine started before the access joined before it (a Wait or a
 * receive in between). A callback passed to a call runs before the call returns, so the plain
 * access is ordered after every atomic one: the usual way tests and benchmarks total counters.
 */
function sequentialLocal(pkg: PackageModel, a: MemAccess, ops: AtomicAccess[]): boolean {
  let x = unparenExpr(a.target);
  while (x.kind === 'SelectorExpr' || x.kind === 'IndexExpr' || x.kind === 'StarExpr') x = unparenExpr(x.x);
  if (x.kind !== 'Ident') return false;
  const b = pkg.bindingOf(x);
  if (!b || b.kind !== 'var' || (b.role !== 'local' && b.role !== 'result') || b.owner !== a.fn) return false;
  const mine = ops.filter((o) => rootBinding(pkg, o.operand) === b);
  if (mine.length === 0) return false;
  const fn = a.fn;
  const inside = (n: ast.Node): boolean => n.pos >= fn.pos && n.end <= fn.end;
  for (const o of mine) {
    if (o.fn === fn) continue;
    if (!inside(o.fn) || o.fn.end > a.node.pos) return false;
  }
  // goroutines started before the access are joined before it
  const events: { pos: number; k: 'go' | 'join' }[] = [];
  inspect(fn, (n) => {
    if (n.pos >= a.node.pos) return false;
    if (n.kind === 'GoStmt') events.push({ pos: n.pos, k: 'go' });
    if (n.kind === 'UnaryExpr' && n.op === Tok.ARROW) events.push({ pos: n.pos, k: 'join' });
    if (n.kind === 'CallExpr') {
      const f = unparenExpr(n.fun);
      if (f.kind === 'SelectorExpr' && f.sel.name === 'Wait') events.push({ pos: n.pos, k: 'join' });
    }
    return true;
  });
  events.sort((p, q) => p.pos - q.pos);
  let open = false;
  for (const e of events) open = e.k === 'go' ? true : false;
  return !open;
}

function rootBinding(pkg: PackageModel, operand: ast.Expr): ReturnType<PackageModel['bindingOf']> {
  let x = unparenExpr(operand);
  if (x.kind === 'UnaryExpr' && x.op === Tok.AND) x = unparenExpr(x.x);
  while (x.kind === 'SelectorExpr' || x.kind === 'IndexExpr' || x.kind === 'StarExpr') x = unparenExpr(x.x);
  return x.kind === 'Ident' ? pkg.bindingOf(x) : undefined;
}
