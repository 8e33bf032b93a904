// Map races: conflicting map accesses (see races.ts), classified the way the Go runtime names
// the fatal errors they cause, with one verdict per write so rules do not repeat each other.

import type * as ast from '../parse/ast.js';
import { Tok } from '../parse/token.js';
import { callsNamed } from './calls.js';
import { mapAccessesIn, type MapAccess } from './accesses.js';
import { Concurrency } from './concurrency.js';
import type { PackageModel } from './package.js';
import { type Access, baseIdent, type Conflict, findConflicts, instancesOf } from './races.js';
import type { Binding, FuncNode } from './scope.js';
import { LockAnalysis } from './locks.js';
import { TypeInfo, unparenExpr } from './typeinfo.js';

export interface MapAccessRecord extends Access {
  op: MapAccess['op'];
}

export type MapRaceKind = 'write' | 'iterate' | 'read';

export interface MapRace {
  kind: MapRaceKind;
  /** The write all conflicts of this race share. */
  write: ast.Node;
  conflicts: Conflict<MapAccessRecord>[];
}

export interface MapRaces {
  races: MapRace[];
  /** Map writes made while holding only a read lock. */
  writesUnderReadLock: { access: MapAccessRecord; lock: string; at: ast.CallExpr | null }[];
  accesses: MapAccessRecord[];
}

const RANK: Record<MapRaceKind, number> = { write: 3, iterate: 2, read: 1 };

export function mapRaces(pkg: PackageModel): MapRaces {
  return pkg.analysis('mapraces', compute);
}

function compute(pkg: PackageModel): MapRaces {
  const conc = Concurrency.of(pkg);
  const locks = LockAnalysis.of(pkg);
  const accesses: MapAccessRecord[] = [];
  for (const fn of relevantFunctions(pkg, conc)) {
    for (const a of mapAccessesIn(pkg, fn)) accesses.push({ kind: a.kind, node: a.node, target: a.map, fn: a.fn, op: a.op });
  }
  const writesUnderReadLock: MapRaces['writesUnderReadLock'] = [];
  const underReadLock = new Set<ast.Node>();
  for (const a of accesses) {
    if (a.kind !== 'write') continue;
    const held = locks.at(a.fn, a.node);
    if (held.length > 0 && held.every((h) => h.mode === 'r')) {
      const h = held[held.length - 1]!;
      // filling a map this function made (a copy taken under the lock) is not a shared write
      if (!guardedBy(pkg, a.target, h.at)) continue;
      writesUnderReadLock.push({ access: a, lock: h.ref.display, at: h.at });
      underReadLock.add(a.node);
    }
  }
  const conflicts = findConflicts(pkg, conc, instancesOf(pkg, conc, accesses)).filter((c) => !underReadLock.has(c.a.access.node));
  const byWrite = new Map<ast.Node, MapRace>();
  for (const c of conflicts) {
    const kind: MapRaceKind = c.b.access.kind === 'write' ? 'write' : c.b.access.kind === 'iterate' ? 'iterate' : 'read';
    const race = byWrite.get(c.a.access.node);
    if (!race) {
      byWrite.set(c.a.access.node, { kind, write: c.a.access.node, conflicts: [c] });
    } else {
      if (RANK[kind] > RANK[race.kind]) race.kind = kind;
      race.conflicts.push(c);
    }
  }
  // a pair of writes is reported once, at the first write in source order
  const races = [...byWrite.values()];
  for (const race of races) race.conflicts.sort((x, y) => RANK[kindOf(y)] - RANK[kindOf(x)] || x.b.access.node.pos - y.b.access.node.pos);
  return { races, writesUnderReadLock, accesses };
}

/**
 * Whether a map written under a read lock is one that lock guards: both hang off the same
 * variable (`c.mu` and `c.items`, `b.RLock()` and `b.m`, through aliases like `m := c.items`),
 * or both are package variables. A map this function made, or one a caller passed in, is not
 * what somebody else's read lock protects (`out[k] = v` while copying under `s.mu.RLock()`).
 */
function guardedBy(pkg: PackageModel, target: ast.Expr, rlock: ast.CallExpr | null): boolean {
  const fun = rlock ? unparenExpr(rlock.fun) : null;
  if (fun?.kind !== 'SelectorExpr') return true; // the lock is not named by a path: keep the verdict
  const mapRoot = rootVariable(pkg, target);
  const lockRoot = rootVariable(pkg, fun.x);
  if (!mapRoot || !lockRoot) return true;
  if (mapRoot === lockRoot) return true;
  return mapRoot.role === 'package' && lockRoot.role === 'package';
}

/** The variable an access path starts from, through local aliases (`m := s.items` → s). */
function rootVariable(pkg: PackageModel, e: ast.Expr, depth = 0): Binding | null {
  const base = baseIdent(e);
  const b = base ? pkg.bindingOf(base) : undefined;
  if (!b || b.kind !== 'var') return null;
  if (depth < 4 && b.role === 'local' && b.source.k === 'init' && !b.source.ofTuple) {
    const init = unparenExpr(b.source.expr);
    const path = init.kind === 'UnaryExpr' && init.op === Tok.AND ? unparenExpr(init.x) : init;
    if (path.kind === 'Ident' || path.kind === 'SelectorExpr' || path.kind === 'IndexExpr' || path.kind === 'StarExpr') {
      return rootVariable(pkg, path, depth + 1) ?? b;
    }
  }
  return b;
}

function kindOf(c: Conflict<MapAccessRecord>): MapRaceKind {
  return c.b.access.kind === 'write' ? 'write' : c.b.access.kind === 'iterate' ? 'iterate' : 'read';
}

/**
 * Functions whose map accesses can matter: those run by goroutines, those that start them
 * (and their callers), and those that take a read lock. Packages without goroutines or
 * handlers cost almost nothing.
 */
function relevantFunctions(pkg: PackageModel, conc: Concurrency): FuncNode[] {
  const out = new Set<FuncNode>();
  for (const fn of pkg.functions) if (conc.framesOf(fn).length > 0) out.add(fn);
  for (const spawner of conc.spawnsIn.keys()) {
    for (let f: FuncNode | null = spawner; f !== null; f = f.kind === 'FuncLit' ? conc.enclosingFunc(f) : null) out.add(f);
  }
  const spawners = new Set<FuncNode>(conc.spawnsIn.keys());
  const ti = TypeInfo.of(pkg);
  // RLock calls, and calls by a spawner's name (only those can be calls of a spawner)
  const spawnerNames = [...conc.spawnsIn.keys()].flatMap((s) => (s.kind === 'FuncDecl' ? [s.name.name] : []));
  for (const call of callsNamed(pkg, { selector: ['RLock', ...spawnerNames], plain: spawnerNames, other: spawnerNames.length > 0 })) {
    const fun = call.fun.kind === 'SelectorExpr' ? call.fun.sel.name : null;
    if (fun === 'RLock') {
      const f = conc.enclosingFunc(call);
      if (f) out.add(f);
      continue;
    }
    if (spawners.size === 0) continue;
    const callee = ti.callee(call);
    if (callee && spawners.has(callee)) {
      const f = conc.enclosingFunc(call);
      if (f) out.add(f);
    }
  }
  return pkg.functions.filter((f) => out.has(f));
}
