// Conflicting accesses: two accesses to the same location, at least one a write, that may run
// at the same time (see concurrency.ts) and hold no common lock. Shared by the map-concurrency
// and data-race rules, which differ only in what they count as an access.

import type * as ast from '../parse/ast.js';
import { type Location, locate, locationKey } from './accesses.js';
import { type Concurrency, enclosingLoopOf, type Frame, type Root } from './concurrency.js';
import { LockAnalysis, type LockSet } from './locks.js';
import type { PackageModel } from './package.js';
import type { FuncNode } from './scope.js';
import { unparenExpr } from './typeinfo.js';

export type AccessKind = 'write' | 'read' | 'iterate';

export interface Access {
  kind: AccessKind;
  node: ast.Node;
  /** The accessed operand (the map, the variable). */
  target: ast.Expr;
  fn: FuncNode;
}

export interface LockKey {
  key: string;
  mode: 'w' | 'r';
  display: string;
  at: ast.CallExpr | null;
}

/** An access as it happens in one context: inside a root's frame, or in code no root reaches. */
export interface Instance<A extends Access = Access> {
  access: A;
  frame: Frame | null;
  loc: Location;
  key: string;
  locks: LockKey[];
}

export interface Conflict<A extends Access = Access> {
  /** The write (or, for two writes, the later-reported one). */
  a: Instance<A>;
  /** The other access (may be `a` itself for two instances of the same code). */
  b: Instance<A>;
  /** Why they overlap: the go statement(s) or handler(s) involved. */
  because: { node: ast.Node; message: string }[];
}

/** Instances of accesses in every context they run in. */
export function instancesOf<A extends Access>(pkg: PackageModel, conc: Concurrency, accesses: readonly A[]): Instance<A>[] {
  const locks = LockAnalysis.of(pkg);
  const out: Instance<A>[] = [];
  for (const access of accesses) {
    const own = locks.at(access.fn, access.node);
    const frames = conc.framesOf(access.fn);
    if (frames.length === 0) {
      const loc = locate(pkg, access.target);
      if (loc) out.push({ access, frame: null, loc, key: locationKey(loc), locks: lockKeys(pkg, own, null) });
      continue;
    }
    for (const frame of frames) {
      const loc = locate(pkg, access.target, frame.subst);
      if (!loc) continue;
      out.push({ access, frame, loc, key: locationKey(loc), locks: [...lockKeys(pkg, own, frame), ...inheritedLocks(pkg, frame)] });
    }
    // code not started as a goroutine also runs it when it is an ordinary function called elsewhere
    if (frames.every((f) => f.root.kind !== 'external') && access.fn.kind === 'FuncDecl' && !frames.some((f) => f.fn === f.root.entry && f.root.kind === 'handler')) {
      const loc = locate(pkg, access.target);
      if (loc && (loc.k !== 'var' || loc.binding.role !== 'param')) {
        out.push({ access, frame: null, loc, key: locationKey(loc), locks: lockKeys(pkg, own, null) });
      }
    }
  }
  return out;
}

/** Locks held by callers along the frame chain (s.mu held around the call to s.add()). */
function inheritedLocks(pkg: PackageModel, frame: Frame): LockKey[] {
  const locks = LockAnalysis.of(pkg);
  const out: LockKey[] = [];
  for (let f: Frame | null = frame; f !== null && f.parent !== null; f = f.parent) {
    const site = f.via ?? f.fn;
    out.push(...lockKeys(pkg, locks.at(f.parent.fn, site), f.parent));
  }
  return out;
}

function lockKeys(pkg: PackageModel, set: LockSet, frame: Frame | null): LockKey[] {
  return set.map((h) => {
    let key = h.ref.typeKey;
    if (!key.startsWith('field:') && h.at) {
      const fun = unparenExpr(h.at.fun);
      if (fun.kind === 'SelectorExpr') {
        const loc = locate(pkg, fun.x, frame?.subst);
        if (loc) key = locationKey(loc.k === 'addr' ? loc.of : loc);
      }
    }
    return { key, mode: h.mode, display: h.ref.display, at: h.at };
  });
}

/** A lock both hold, with at least one of them holding it for writing. */
export function commonLock(a: Instance, b: Instance): LockKey | null {
  for (const x of a.locks) {
    for (const y of b.locks) {
      if (x.key === y.key && (x.mode === 'w' || y.mode === 'w')) return x;
    }
  }
  return null;
}

export function findConflicts<A extends Access>(pkg: PackageModel, conc: Concurrency, instances: readonly Instance<A>[]): Conflict<A>[] {
  const byKey = new Map<string, Instance<A>[]>();
  for (const i of instances) {
    const list = byKey.get(i.key);
    if (list) list.push(i);
    else byKey.set(i.key, [i]);
  }
  const out: Conflict<A>[] = [];
  for (const list of byKey.values()) {
    if (!list.some((i) => i.access.kind === 'write')) continue;
    for (let i = 0; i < list.length; i++) {
      const a = list[i]!;
      if (a.access.kind !== 'write') continue;
      for (let j = 0; j < list.length; j++) {
        const b = list[j]!;
        if (j < i && b.access.kind === 'write') continue; // each write pair once
        const because = overlap(pkg, conc, a, b);
        if (because === null) continue;
        if (commonLock(a, b)) continue;
        out.push({ a, b, because });
      }
    }
  }
  return out;
}

/** Why two instances may run at the same time, or null when they cannot. */
function overlap(pkg: PackageModel, conc: Concurrency, a: Instance, b: Instance): { node: ast.Node; message: string }[] | null {
  const ra = a.frame?.root ?? null;
  const rb = b.frame?.root ?? null;
  if (ra !== null && rb !== null) {
    if (ra === rb) {
      if (!ra.multiple || !sharedAcrossInstances(pkg, conc, ra, a) || !sharedAcrossInstances(pkg, conc, rb, b)) return null;
      return [describeRoot(ra, true)];
    }
    if (ra.kind === 'external' && rb.kind === 'external') return null;
    // one root's code may be the spawner of the other: order by the go statement
    const ordered = spawnOrder(conc, ra, b) ?? spawnOrder(conc, rb, a);
    if (ordered === false) return null;
    return [describeRoot(ra, false), describeRoot(rb, false)];
  }
  if (ra === null && rb === null) return null;
  const [root, other] = ra !== null ? [ra, b] : [rb!, a];
  if (root.kind === 'external') return null;
  const ordered = spawnOrder(conc, root, other);
  if (ordered === true) return [describeRoot(root, false)];
  return null;
}

/**
 * For an access `x` in the function that started `root` (or that called the starter):
 * true when it can overlap the goroutine, false when it cannot, null when unrelated.
 */
function spawnOrder(conc: Concurrency, root: Root, x: Instance): boolean | null {
  if (!root.spawner) return null;
  const fn = x.access.fn;
  const shared = x.loc.k !== 'var' || x.loc.binding.role === 'package';
  if (fn === root.spawner || isNestedIn(conc, fn, root.spawner)) {
    if (fn !== root.spawner && fn.kind === 'FuncLit' && isGoLiteral(fn)) return null;
    return conc.spawnerOverlaps(root, fn === root.spawner ? x.access.node : outermostIn(conc, x.access.node, root.spawner), shared);
  }
  // x's function called the spawner earlier (or calls it in a loop around x): the
  // goroutine keeps running after that call returns
  if (fn.body) {
    for (const site of conc.callSitesOf(root.spawner)) {
      if (conc.enclosingFunc(site) !== fn) continue;
      if (site.pos < x.access.node.pos) return true;
      const loop = enclosingLoopOf(site, fn);
      if (loop && x.access.node.pos >= loop.pos && x.access.node.end <= loop.end) return true;
    }
  }
  return null;
}

function isNestedIn(conc: Concurrency, fn: FuncNode, outer: FuncNode): boolean {
  for (let f: FuncNode | null = fn; f !== null; f = f.kind === 'FuncLit' ? conc.enclosingFunc(f) : null) {
    if (f === outer) return true;
  }
  return false;
}

function isGoLiteral(lit: ast.FuncLit): boolean {
  return lit.parent?.kind === 'CallExpr' && lit.parent.parent?.kind === 'GoStmt';
}

/** The ancestor of `node` that is a direct part of `fn`'s body (for accesses in nested literals). */
function outermostIn(conc: Concurrency, node: ast.Node, fn: FuncNode): ast.Node {
  let n: ast.Node = node;
  for (let f = conc.enclosingFunc(n); f !== null && f !== fn; f = conc.enclosingFunc(n)) n = f;
  return n;
}

/**
 * Whether two instances of `root` touch the same memory: not for variables declared inside the
 * goroutine or per loop iteration of the go statement, nor for fields of a value that is.
 */
function sharedAcrossInstances(pkg: PackageModel, conc: Concurrency, root: Root, x: Instance): boolean {
  const loc = x.loc;
  if (root.kind === 'handler') return loc.k !== 'var' || loc.binding.owner === null || !ownedWithin(conc, loc.binding.owner, x.frame);
  if (loc.k === 'var') {
    const b = loc.binding;
    if (b.owner === null) return true;
    if (ownedWithin(conc, b.owner, x.frame)) return false;
    const loop = enclosingLoopOf(root.site, root.spawner);
    if (loop && b.ident && b.ident.pos >= loop.pos && b.ident.end <= loop.end) return false;
    return true;
  }
  if (loc.k === 'field') {
    // s.m with s chosen per iteration (for _, s := range servers { go s.run() }) is not shared
    const base = baseIdent(x.access.target);
    const b = base ? pkg.bindingOf(base) : undefined;
    const bound = b && x.frame ? x.frame.subst.get(b.id) : undefined;
    const origin = bound?.k === 'var' ? bound.binding : bound?.k === 'addr' && bound.of.k === 'var' ? bound.of.binding : b;
    if (!origin || origin.owner === null) return true;
    if (ownedWithin(conc, origin.owner, x.frame)) return false;
    const loop = enclosingLoopOf(root.site, root.spawner);
    if (loop && origin.ident && origin.ident.pos >= loop.pos && origin.ident.end <= loop.end) return false;
    if (root.call) {
      const recv = unparenExpr(root.call.fun);
      const recvBase = recv.kind === 'SelectorExpr' ? baseIdent(recv.x) : null;
      const rb = recvBase ? pkg.bindingOf(recvBase) : undefined;
      if (loop && rb?.ident && rb.ident.pos >= loop.pos && rb.ident.end <= loop.end) return false;
    }
    return true;
  }
  return true;
}

function ownedWithin(conc: Concurrency, owner: FuncNode, frame: Frame | null): boolean {
  for (let f = frame; f !== null; f = f.parent) {
    if (f.fn === owner) return true;
    if (f.parent === null && f.root.entry === owner) return true;
  }
  void conc;
  return false;
}

/** The variable an access path starts from: `s` in `s.cache.items[k]`. */
export function baseIdent(e: ast.Expr): ast.Ident | null {
  let x = unparenExpr(e);
  for (;;) {
    switch (x.kind) {
      case 'Ident':
        return x;
      case 'SelectorExpr':
      case 'IndexExpr':
      case 'StarExpr':
        x = unparenExpr(x.x);
        continue;
      default:
        return null;
    }
  }
}

/** The node to show for a root (the `go` keyword, the handler) and what it means for the race. */
export function describeRoot(root: Root, self: boolean): { node: ast.Node; message: string } {
  switch (root.kind) {
    case 'handler':
      return {
        node: root.site.kind === 'FuncDecl' ? root.site.name : root.site,
        message: self ? 'each HTTP request runs this handler in its own goroutine, so it runs concurrently with itself' : 'HTTP handler: runs in its own goroutine per request',
      };
    case 'external':
      return { node: root.site.kind === 'FuncDecl' ? root.site.name : root.site, message: 'exported method, called from other goroutines while the goroutines of its type run' };
    case 'errgroup':
      return { node: root.site, message: self ? 'goroutines started here run concurrently with each other' : 'goroutine started here' };
    default:
      return {
        node: root.site.kind === 'GoStmt' ? goKeyword(root.site) : root.site,
        message: self ? 'goroutines started here run concurrently with each other' : 'goroutine started here',
      };
  }
}

/** A node spanning just the `go` keyword, so related locations point at the spawn itself. */
function goKeyword(stmt: ast.GoStmt): ast.Node {
  return { kind: 'BadStmt', pos: stmt.pos, end: stmt.pos + 2, parent: stmt };
}
