// Data races on plain memory: variables captured by goroutines, struct fields, slice elements,
// pointer targets and named results, fed to the conflict search of races.ts exactly as
// mapraces.ts feeds it map operations (same lock sets, spawn order, joins and per-instance
// ownership). Memory that is also accessed atomically belongs to the atomic rules; a loop's
// own advance of its variable belongs to loop-var-capture.

import type * as ast from '../parse/ast.js';
import { Tok } from '../parse/token.js';
import { eachOfKinds, kindSet } from '../parse/walk.js';
import type { Location } from './accesses.js';
import { atomics } from './atomics.js';
import { callsNamed } from './calls.js';
import { Concurrency, enclosingLoopOf, type Root } from './concurrency.js';
import { atLeast } from './goversion.js';
import { identityKey, loopOf, ownSynchronisation, pathOf, type MemAccess, memAccessesIn, type MemPlace, placeAccess } from './memref.js';
import type { PackageModel } from './package.js';
import { type Conflict, findConflicts, type Instance, instancesOf } from './races.js';
import type { FuncNode } from './scope.js';
import { TypeInfo, unparenExpr } from './typeinfo.js';
import { deref, isNamed } from './types.js';

const UNARY = kindSet(['UnaryExpr']);

type Subst = ReadonlyMap<number, Location>;

export type VarRaceKind = 'append' | 'unjoined' | 'shared';

export interface VarRace {
  kind: VarRaceKind;
  /** Where the race is reported: the append, the spawner's read, or the write. */
  node: ast.Node;
  access: MemAccess;
  /** The memory, as named in messages. */
  name: string;
  conflicts: Conflict<MemAccess>[];
  /** The goroutine whose write the spawner reads without waiting (unjoined). */
  root?: Root;
}

export interface VarRaces {
  races: VarRace[];
}

export function varRaces(pkg: PackageModel): VarRaces {
  return pkg.analysis('varraces', compute);
}

function compute(pkg: PackageModel): VarRaces {
  if (ownSynchronisation(pkg)) return { races: [] };
  const conc = Concurrency.of(pkg);
  if (conc.roots.length === 0) return { races: [] };
  const fns = relevantFunctions(pkg, conc);
  const all: MemAccess[] = [];
  const captured = new Set<number>();
  for (const fn of fns) {
    for (const a of memAccessesIn(pkg, fn)) {
      all.push(a);
      if (a.shape !== 'var') continue;
      const b = bindingOfTarget(pkg, a.target);
      if (b && b.role !== 'package' && b.owner !== fn) captured.add(b.id);
    }
    if (!fn.body) continue;
    eachOfKinds(fn.body, UNARY, (n) => {
      if (n.kind === 'UnaryExpr' && n.op === Tok.AND) {
        const x = unparenExpr(n.x);
        const b = x.kind === 'Ident' ? pkg.bindingOf(x) : undefined;
        if (b?.kind === 'var') captured.add(b.id);
      }
    });
  }
  // a local variable that no other function sees and whose address is never taken is private
  const accesses = all.filter((a) => {
    if (a.shape !== 'var') return true;
    const b = bindingOfTarget(pkg, a.target);
    return b !== undefined && (b.role === 'package' || captured.has(b.id));
  });
  if (accesses.length === 0) return { races: [] };
  const atomicKeys = atomics(pkg).keys;
  const places = new Map<Instance<MemAccess>, MemPlace>();
  // instancesOf places every access in each of its contexts: the filter below reuses those places
  const placed = new Map<MemAccess, Map<Subst | undefined, MemPlace | null>>();
  const place = (a: MemAccess, subst: Subst | undefined): MemPlace | null => {
    const p = placeAccess(pkg, a, subst);
    let bySubst = placed.get(a);
    if (!bySubst) placed.set(a, (bySubst = new Map()));
    bySubst.set(subst, p);
    return p;
  };
  const instances = instancesOf(pkg, conc, accesses, place).filter((i) => {
    const subst = i.frame?.subst;
    const p = placed.get(i.access)?.get(subst) ?? placeAccess(pkg, i.access, subst);
    if (!p || atomicKeys.has(p.key)) return false;
    places.set(i, p);
    // fields, elements and pointer targets of different values of one type are different memory
    i.key = identityKey(pkg, p, pathOf(pkg, i.access), i.access.node, i.frame?.subst);
    return true;
  });
  const newLoopSemantics = atLeast(pkg.goVersion, 22);
  const byNode = new Map<string, VarRace>();
  for (const c of findConflicts(pkg, conc, instances)) {
    if (c.a.access.implicit === 'post' || c.b.access.implicit === 'post') continue;
    if (!elementsMayOverlap(pkg, c.a.access, c.b.access)) continue;
    if (!instancesOverlap(conc, c)) continue;
    if (perCallLocal(conc, c)) continue;
    if (!nearRoot(c.a, places.get(c.a)) || !nearRoot(c.b, places.get(c.b))) continue;
    const split = goroutineAndSpawner(conc, c);
    if (split && perIterationBefore(pkg, split.root, split.other, newLoopSemantics)) continue;
    if (split && initialisedBeforeGo(split.root, split.other)) continue;
    if (runsSerialised(pkg, c.a.access.fn) || runsSerialised(pkg, c.b.access.fn)) continue;
    const name = places.get(c.a)?.name ?? '?';
    let kind: VarRaceKind;
    let at: Instance<MemAccess>;
    let root: Root | undefined;
    if (c.a.access.append || c.b.access.append) {
      kind = 'append';
      at = c.a.access.append ? c.a : c.b;
    } else if (split && split.goroutine.access.kind === 'write' && split.other.access.kind === 'read' && split.other.access.node.pos >= split.root.site.end) {
      kind = 'unjoined';
      at = split.other;
      root = split.root;
    } else {
      kind = 'shared';
      at = c.a;
    }
    const id = `${kind}:${at.access.node.pos}:${at.access.node.end}`;
    const race = byNode.get(id);
    if (race) race.conflicts.push(c);
    else byNode.set(id, { kind, node: at.access.node, access: at.access, name, conflicts: [c], ...(root ? { root } : {}) });
  }
  const races = [...byNode.values()].sort((x, y) => x.node.pos - y.node.pos);
  return { races };
}

function bindingOfTarget(pkg: PackageModel, e: ast.Expr) {
  const x = unparenExpr(e);
  return x.kind === 'Ident' ? pkg.bindingOf(x) : undefined;
}

/** Two element accesses with their own indices touch different elements unless the index is one constant. */
function elementsMayOverlap(pkg: PackageModel, a: MemAccess, b: MemAccess): boolean {
  if (a.shape !== 'elem' || b.shape !== 'elem') return true;
  if (a.index === null || b.index === null || a.index === undefined || b.index === undefined) return true;
  const x = unparenExpr(a.index);
  const y = unparenExpr(b.index);
  if (x.kind === 'BasicLit' && y.kind === 'BasicLit') return x.value === y.value;
  if (x.kind === 'Ident' && y.kind === 'Ident') {
    const bx = pkg.bindingOf(x);
    return bx !== undefined && bx === pkg.bindingOf(y) && bx.kind === 'const';
  }
  return false;
}

/**
 * Two instances of one goroutine touching a local variable of a function the goroutine itself
 * runs: every call has its own variable. Only variables of the functions around the goroutine
 * (captured by it) are shared between its instances.
 */
function perCallLocal(conc: Concurrency, c: Conflict<MemAccess>): boolean {
  const root = c.a.frame?.root;
  const rootB = c.b.frame?.root;
  if (!root || !rootB || c.a.loc.k !== 'var' || c.a.loc.binding.role === 'package') return false;
  const owner = c.a.loc.binding.owner;
  if (!owner) return false;
  const inEntry = (entry: FuncNode): boolean => {
    for (let f: FuncNode | null = owner; f !== null; f = f.kind === 'FuncLit' ? conc.enclosingFunc(f) : null) if (f === entry) return true;
    return false;
  };
  // a local of the goroutine's own function: each goroutine (from any go statement) has its own
  if (inEntry(root.entry) && inEntry(rootB.entry)) return true;
  if (root !== rootB) return false;
  for (const i of [c.a, c.b]) for (let f = i.frame; f !== null; f = f.parent) if (f.fn === owner) return true;
  return false;
}

/**
 * Whether an access is made by the goroutine's own code (its function, or literals in it) or
 * by the code that starts it, rather than by a function it calls. Deeper down, a parameter or
 * receiver can be any value of its type, and the values each goroutine makes for itself
 * cannot be told from shared ones: only package variables keep their identity there.
 */
function nearRoot(i: Instance<MemAccess>, place: MemPlace | undefined): boolean {
  if (place && place.loc.k === 'var' && place.loc.binding.role === 'package' && /^var:\d+$/.test(place.key)) return true;
  for (let f = i.frame; f !== null; f = f.parent) if (f.via !== null) return false;
  return true;
}

/**
 * Two instances of one goroutine overlap when they are started in a loop that does not wait
 * for each, or when the goroutine outlives the call that starts it (the next call's goroutine
 * then meets it). A spawner that waits before returning runs its goroutines one at a time
 * unless it is itself called concurrently, which the frames do not show.
 */
function instancesOverlap(conc: Concurrency, c: Conflict<MemAccess>): boolean {
  const r = c.a.frame?.root;
  if (!r || r !== c.b.frame?.root || (r.kind !== 'go' && r.kind !== 'errgroup')) return true;
  const loop = enclosingLoopOf(r.site, r.spawner);
  if (loop && !conc.joinedEachIteration(r)) return true;
  return !conc.joinedBeforeReturn(r);
}

/**
 * For a conflict between a goroutine and the code that started it: the goroutine's side, the
 * root, and the spawner's side. Null for other pairs.
 */
function goroutineAndSpawner(
  conc: Concurrency,
  c: Conflict<MemAccess>,
): { root: Root; goroutine: Instance<MemAccess>; other: Instance<MemAccess> } | null {
  for (const [g, o] of [
    [c.a, c.b],
    [c.b, c.a],
  ] as const) {
    const root = g.frame?.root;
    if (!root || (root.kind !== 'go' && root.kind !== 'errgroup') || !root.spawner) continue;
    if (o.frame?.root === root) continue;
    if (withinSpawner(conc, o.access.fn, root)) return { root, goroutine: g, other: o };
  }
  return null;
}

/**
 * The spawner writes the memory before its go statement, outside any loop around it: the go
 * statement orders that write before everything the goroutine does. Another call of the
 * spawner works on its own value in all but contrived code (w.ch = make(...); go w.loop()).
 */
function initialisedBeforeGo(root: Root, other: Instance<MemAccess>): boolean {
  if (!root.spawner || other.access.kind !== 'write' || other.access.node.end > root.site.pos) return false;
  if (other.access.fn !== root.spawner) return false;
  const loop = enclosingLoopOf(root.site, root.spawner);
  return loop === null || other.access.node.pos < loop.pos;
}

/**
 * A literal passed to sync.Once.Do (runs once, ordered before every Do that returns) or to
 * t.Cleanup (cleanups run one after another when the test ends).
 */
function runsSerialised(pkg: PackageModel, fn: FuncNode): boolean {
  if (fn.kind !== 'FuncLit') return false;
  const call = fn.parent;
  if (call?.kind !== 'CallExpr' || !call.args.includes(fn)) return false;
  const f = unparenExpr(call.fun);
  if (f.kind !== 'SelectorExpr') return false;
  if (f.sel.name === 'Cleanup') return true;
  if (f.sel.name !== 'Do' || call.args.length !== 1) return false;
  const t = TypeInfo.of(pkg).typeOf(f.x);
  return isNamed(deref(t), 'sync', 'Once');
}

function withinSpawner(conc: Concurrency, fn: FuncNode, root: Root): boolean {
  for (let f: FuncNode | null = fn; f !== null; f = f.kind === 'FuncLit' ? conc.enclosingFunc(f) : null) {
    if (f === root.spawner) return true;
    if (f === root.entry) return false;
  }
  return false;
}

/**
 * True when the spawner's access touches a variable made per loop iteration (declared in the
 * body, or a loop variable on Go 1.22+) before the go statement of the same iteration: it is
 * another iteration's variable than the one an earlier goroutine holds.
 */
function perIterationBefore(pkg: PackageModel, root: Root, other: Instance<MemAccess>, newLoopSemantics: boolean): boolean {
  if (other.loc.k !== 'var') return false;
  const b = other.loc.binding;
  const loop = enclosingLoopOf(root.site, root.spawner);
  if (!loop || !b.ident || b.owner !== root.spawner) return false;
  const header = loopOf(b);
  const perIteration = header === loop ? newLoopSemantics : b.ident.pos >= loop.body.pos && b.ident.end <= loop.body.end;
  if (!perIteration) return false;
  const node = other.access.node;
  void pkg;
  return node.pos >= loop.pos && node.end <= loop.end && node.pos < root.site.pos;
}

/**
 * Functions whose accesses can matter: those run by goroutines, those that start them (with
 * their enclosing functions and the literals inside them) and the functions that call them.
 */
function relevantFunctions(pkg: PackageModel, conc: Concurrency): FuncNode[] {
  const out = new Set<FuncNode>();
  for (const fn of pkg.functions) if (conc.framesOf(fn).length > 0) out.add(fn);
  const spawners = new Set<FuncNode>(conc.spawnsIn.keys());
  for (const spawner of spawners) {
    for (let f: FuncNode | null = spawner; f !== null; f = f.kind === 'FuncLit' ? conc.enclosingFunc(f) : null) out.add(f);
  }
  if (spawners.size > 0) {
    const ti = TypeInfo.of(pkg);
    // only a call by one of the spawners' names can be a call of a spawner
    const names = new Set<string>();
    for (const s of spawners) if (s.kind === 'FuncDecl') names.add(s.name.name);
    for (const call of callsNamed(pkg, { plain: names, selector: names, other: true })) {
      const callee = ti.callee(call);
      if (callee && spawners.has(callee)) {
        const f = conc.enclosingFunc(call);
        if (f) out.add(f);
      }
    }
  }
  // literals inside those functions (deferred closures, callbacks) run in their goroutine
  for (const fn of pkg.functions) {
    if (fn.kind !== 'FuncLit' || out.has(fn)) continue;
    for (let f = conc.enclosingFunc(fn); f !== null; f = f.kind === 'FuncLit' ? conc.enclosingFunc(f) : null) {
      if (out.has(f)) {
        out.add(fn);
        break;
      }
    }
  }
  return pkg.functions.filter((f) => out.has(f));
}
