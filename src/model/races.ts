// Conflicting accesses: two accesses to the same location, at least one a write, that may run
// at the same time (see concurrency.ts) and hold no common lock. Shared by the map-concurrency
// and data-race rules, which differ only in what they count as an access.

import type * as ast from '../parse/ast.js';
import { Tok } from '../parse/token.js';
import { isFreshBinding, isFreshValue, type Location, locate, locationKey, unpublishedAt } from './accesses.js';
import { type Concurrency, enclosingLoopOf, type Frame, type Root } from './concurrency.js';
import { LockAnalysis, type LockSet } from './locks.js';
import { type PackageModel, receiverTypeName } from './package.js';
import type { Binding, FuncNode } from './scope.js';
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

/**
 * Where an access lands in one context: its location and the key conflicts are grouped by.
 * The default places an access at `locate(target)`; the data-race rules place element and
 * dereference accesses themselves.
 */
export type Placement<A extends Access> = (access: A, subst: ReadonlyMap<number, Location> | undefined) => { loc: Location; key: string } | null;

function defaultPlacement(pkg: PackageModel): Placement<Access> {
  return (access, subst) => {
    const loc = locate(pkg, access.target, subst);
    return loc ? { loc, key: locationKey(loc) } : null;
  };
}

/** Instances of accesses in every context they run in. */
export function instancesOf<A extends Access>(pkg: PackageModel, conc: Concurrency, accesses: readonly A[], place?: Placement<A>): Instance<A>[] {
  const locks = LockAnalysis.of(pkg);
  const at: Placement<A> = place ?? defaultPlacement(pkg);
  const out: Instance<A>[] = [];
  for (const access of accesses) {
    const own = locks.at(access.fn, access.node);
    const frames = conc.framesOf(access.fn);
    if (frames.length === 0) {
      const p = at(access, undefined);
      if (p) out.push({ access, frame: null, loc: p.loc, key: p.key, locks: lockKeys(pkg, own, null) });
      continue;
    }
    for (const frame of frames) {
      const p = at(access, frame.subst);
      if (!p) continue;
      out.push({ access, frame, loc: p.loc, key: p.key, locks: [...lockKeys(pkg, own, frame), ...inheritedLocks(pkg, frame)] });
    }
    // code not started as a goroutine also runs it when it is an ordinary function called elsewhere
    if (
      frames.every((f) => f.root.kind !== 'external') &&
      access.fn.kind === 'FuncDecl' &&
      !frames.some((f) => f.fn === f.root.entry && f.root.kind === 'handler')
    ) {
      const p = at(access, undefined);
      if (p && (p.loc.k !== 'var' || p.loc.binding.role !== 'param')) {
        out.push({ access, frame: null, loc: p.loc, key: p.key, locks: lockKeys(pkg, own, null) });
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
        if (commonLock(a, b)) continue;
        const because = overlap(pkg, conc, a, b);
        if (because === null) continue;
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
  // the cheap answers first: code outside goroutines, two external callers
  if (ra === null && rb === null) return null;
  if (ra !== null && rb !== null && ra !== rb && ra.kind === 'external' && rb.kind === 'external') return null;
  if ((ra === null || rb === null) && (ra ?? rb)!.kind === 'external') return null;
  // each call of the function that made the memory has its own: two goroutines that both
  // build a map (or a value holding one) in their own call do not share it
  if (ra !== rb && distinctMemory(pkg, conc, a, b)) return null;
  if (ra !== null && rb !== null) {
    if (ra === rb) {
      const concurrent = ra.multiple || (selfSpawning(conc, ra) && (followsSpawn(ra, a) || followsSpawn(ra, b)));
      if (!concurrent || !sharedAcrossInstances(pkg, conc, ra, a) || !sharedAcrossInstances(pkg, conc, rb, b)) return null;
      return [describeRoot(ra, true)];
    }
    if (ra.kind === 'external' && rb.kind === 'external') return null;
    // exported methods stand for callers that run while the type's own goroutines do
    // (a goroutine its method waits for before returning is over by the time anyone else calls)
    if (ra.kind === 'external' && (!startedBy(rb, ra.ownerType) || conc.joinedBeforeReturn(rb))) return null;
    if (rb.kind === 'external' && (!startedBy(ra, rb.ownerType) || conc.joinedBeforeReturn(ra))) return null;
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

/** A goroutine whose code starts the next goroutine of the same kind (`go crawl(next)` inside crawl). */
function selfSpawning(conc: Concurrency, root: Root): boolean {
  return root.spawner !== null && conc.framesOf(root.spawner).some((f) => f.root === root);
}

/**
 * Whether an access of a self-spawning goroutine may run after it starts its successor: the
 * successor's copy of the access then overlaps it. Accesses before the go statement are
 * ordered by it.
 */
function followsSpawn(root: Root, x: Instance): boolean {
  return x.access.fn !== root.spawner || x.access.node.pos > root.site.pos;
}

/** A goroutine that runs a method of the type, or that one of its methods starts. */
function startedBy(root: Root, typeName: string | undefined): boolean {
  if (typeName === undefined) return false;
  const isMethod = (fn: FuncNode | null): boolean => fn?.kind === 'FuncDecl' && fn.recv !== null && receiverTypeName(fn) === typeName;
  if (isMethod(root.entry)) return true;
  for (let f: FuncNode | null = root.spawner; f !== null; f = f.kind === 'FuncLit' ? enclosingFuncOf(f) : null)
    if (isMethod(f)) return true;
  return false;
}

function enclosingFuncOf(node: ast.Node): FuncNode | null {
  for (let n = node.parent; n !== undefined; n = n.parent) if (n.kind === 'FuncLit' || n.kind === 'FuncDecl') return n;
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

/** A node inside `outer` or a function literal within it. */
function nodeIn(conc: Concurrency, node: ast.Node, outer: FuncNode): boolean {
  const fn = conc.enclosingFunc(node);
  return fn !== null && isNestedIn(conc, fn, outer);
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
 * Whether two instances of `root` touch the same memory: not for memory each instance makes in
 * its own call, nor for variables declared per loop iteration of the go statement (or fields
 * of a value that is).
 */
function sharedAcrossInstances(pkg: PackageModel, conc: Concurrency, root: Root, x: Instance): boolean {
  const o = ownership(pkg, conc, x);
  if (o === 'fresh' || o?.own) return false;
  const loc = x.loc;
  if (root.kind === 'handler') return true;
  const origin = originOf(pkg, x);
  if (origin === 'fresh') return false;
  if (!origin || origin.owner === null) return true;
  // a parameter of the spawner: the frames bound to each of its calls say what it is
  if (origin.role === 'param' && origin.owner === root.spawner && !x.frame?.context && conc.bindsEveryCaller(root)) return false;
  if (o !== null && x.frame?.context && origin.owner !== root.spawner) {
    // made by the caller that handed it to the spawner: one per call of that caller, unless
    // the caller hands out the same value in a loop
    const loop = enclosingLoopOf(x.frame.context, conc.enclosingFunc(x.frame.context));
    return loop !== null && !(origin.ident !== null && origin.ident.pos >= loop.pos && origin.ident.end <= loop.end);
  }
  const loop = enclosingLoopOf(root.site, root.spawner);
  // started once per call of its spawner, with what that call made
  if (!loop) return !(o !== null && o.binding.owner === root.spawner);
  const inLoop = (id: ast.Ident | null): boolean => id !== null && id.pos >= loop.pos && id.end <= loop.end;
  // a variable of the spawner declared inside the loop is a new one per goroutine
  if (origin.owner === root.spawner && inLoop(origin.ident)) return false;
  if (loc.k === 'field' && root.call) {
    // go s.run() with s chosen per iteration
    const recv = unparenExpr(root.call.fun);
    const recvBase = recv.kind === 'SelectorExpr' ? baseIdent(recv.x) : null;
    const rb = recvBase ? pkg.bindingOf(recvBase) : undefined;
    if (rb && inLoop(rb.ident)) return false;
  }
  return true;
}

/**
 * Where an access path starts, followed through parameter bindings to the caller: a variable,
 * or `fresh` when it starts from a value made on the spot (`NewEncoder(w).Encode(v)`).
 */
type Origin = Binding | 'fresh';

function originOf(pkg: PackageModel, x: Instance): Origin | null {
  if (x.loc.k === 'var' && x.loc.binding.role !== 'param' && x.loc.binding.role !== 'recv') return x.loc.binding;
  return originIn(pkg, x.access.target, x.frame, 0);
}

function originIn(pkg: PackageModel, e: ast.Expr, frame: Frame | null, depth: number): Origin | null {
  const root = pathRoot(e);
  if (root.kind !== 'Ident') return isFreshValue(pkg, root) ? 'fresh' : null;
  const b = pkg.bindingOf(root);
  if (!b || b.kind !== 'var') return null;
  if (depth > 8) return b;
  const alias = b.role === 'local' ? aliasedPath(b) : null;
  if (alias) {
    // rws := w.rws, req, ok := c.requests[id]: where those come from
    return originIn(pkg, alias, frame, depth + 1) ?? b;
  }
  if (!frame || (b.role !== 'param' && b.role !== 'recv')) return b;
  // the frame that runs the parameter's function, and the call that bound it
  let f: Frame | null = frame;
  while (f !== null && f.fn !== b.owner) f = f.parent;
  if (!f) {
    // captured from the function that started the goroutine: what its caller passed, if known
    const spawner = frame.root.spawner;
    const arg = frame.context && spawner?.kind === 'FuncDecl' && b.owner === spawner ? argumentFor(frame.context, spawner, b) : null;
    return arg ? (originIn(pkg, arg, null, depth + 1) ?? b) : b;
  }
  const call = f.via ?? (f.parent === null && f.fn === f.root.entry ? f.root.call : null);
  const arg = call ? argumentFor(call, f.fn, b) : null;
  if (!arg) return b; // a handler's request, an exported method's receiver: the caller's
  // arguments of the go statement are evaluated outside this goroutine
  return originIn(pkg, arg, f.via ? f.parent : null, depth + 1);
}

/** The access path a local variable was initialised from (`x := s.f`, `v, ok := m[k]`, `t, ok := x.(T)`). */
function aliasedPath(b: Binding): ast.Expr | null {
  if (b.source.k !== 'init') return null;
  let init = unparenExpr(b.source.expr);
  if (b.source.ofTuple) {
    if (b.source.index !== 0) return null;
    if (init.kind === 'TypeAssertExpr') init = unparenExpr(init.x);
    else if (init.kind !== 'IndexExpr') return null;
  } else if (init.kind === 'TypeAssertExpr') {
    init = unparenExpr(init.x);
  }
  return isAccessPath(init) ? init : null;
}

/** A variable, or fields, elements and dereferences of one. */
function isAccessPath(e: ast.Expr): boolean {
  const x = unparenExpr(e);
  return (
    x.kind === 'Ident' || ((x.kind === 'SelectorExpr' || x.kind === 'IndexExpr' || x.kind === 'StarExpr') && pathRoot(x).kind === 'Ident')
  );
}

/** The start of an access path: `s` in `s.cache.items[k]`, the call in `newT().m`. */
function pathRoot(e: ast.Expr): ast.Expr {
  let x = unparenExpr(e);
  while (x.kind === 'SelectorExpr' || x.kind === 'IndexExpr' || x.kind === 'StarExpr' || (x.kind === 'UnaryExpr' && x.op === Tok.AND))
    x = unparenExpr(x.x);
  return x;
}

/** The expression a call passes for a parameter (or the receiver) of `callee`. */
function argumentFor(call: ast.CallExpr, callee: FuncNode, param: Binding): ast.Expr | null {
  if (callee.kind === 'FuncDecl' && callee.recv?.list[0]?.names[0] === param.ident) {
    const fun = unparenExpr(call.fun);
    return fun.kind === 'SelectorExpr' ? fun.x : null;
  }
  let i = 0;
  for (const field of callee.type.params.list) {
    for (const n of field.names) {
      if (n === param.ident) return call.args[i] ?? null;
      i++;
    }
    if (field.names.length === 0) i++;
  }
  return null;
}

/**
 * True when the accessed memory is made by the very call the instance runs in: a local
 * variable (or a value held by one) initialised with something fresh, in a function the
 * instance's frame chain executes. Another instance then touches another copy.
 */
/**
 * Who made the memory an instance touches: `fresh` for a value made on the spot, or the fresh
 * local variable that holds it, made by the instance's own call (`own`) or by the function
 * that started its goroutine (and handed to it). Null when it may be anybody's.
 */
function ownership(pkg: PackageModel, conc: Concurrency, x: Instance): Ownership {
  // asked once per pair of instances of one key
  let o = ownerships.get(x);
  if (o === undefined) ownerships.set(x, (o = computeOwnership(pkg, conc, x)));
  return o;
}

type Ownership = 'fresh' | { binding: Binding; own: boolean } | null;

const ownerships = new WeakMap<Instance, Ownership>();

function computeOwnership(pkg: PackageModel, conc: Concurrency, x: Instance): Ownership {
  const origin = originOf(pkg, x);
  if (origin === 'fresh') return 'fresh';
  // the server makes a request (and its ResponseWriter) per call of a handler
  if (origin?.role === 'param' && x.frame?.root.kind === 'handler' && origin.owner === x.frame.root.entry)
    return { binding: origin, own: true };
  if (!origin || (origin.role !== 'local' && origin.role !== 'result') || origin.owner === null || !isFreshBinding(pkg, origin))
    return null;
  const own = x.frame ? ownedWithin(conc, origin.owner, x.frame) : isNestedIn(conc, x.access.fn, origin.owner);
  // filled where it is made, before anybody else can have it (copies, results being built)
  if (own && x.access.fn === origin.owner && origin.role === 'local' && unpublishedAt(pkg, origin, x.access.node.pos)) return 'fresh';
  if (own) return { binding: origin, own };
  // made by the function that started the goroutine, or by the caller that handed it over
  const spawner = x.frame?.root.spawner ?? null;
  if (spawner !== null && isNestedIn(conc, spawner, origin.owner)) return { binding: origin, own: false };
  const context = x.frame?.context;
  return context && nodeIn(conc, context, origin.owner) ? { binding: origin, own: false } : null;
}

/**
 * Instances in different goroutines that touch different memory: each made by its own call, or
 * by different variables of the calls that started them. The same variable of the same
 * spawner may be one value handed to both.
 */
function distinctMemory(pkg: PackageModel, conc: Concurrency, a: Instance, b: Instance): boolean {
  const oa = ownership(pkg, conc, a);
  const ob = ownership(pkg, conc, b);
  // made on the spot, or not handed to anybody yet
  if (oa === 'fresh' || ob === 'fresh') return true;
  if (oa === null || ob === null) {
    // memory a goroutine made itself reaches another goroutine's spawner only through calls
    // that goroutine makes
    return (oa !== null && fromSpawnerCaller(pkg, conc, b, a, oa)) || (ob !== null && fromSpawnerCaller(pkg, conc, a, b, ob));
  }
  if (oa.binding !== ob.binding) return true;
  return oa.own && ob.own;
}

/**
 * True when `x` touches what its goroutine's spawner was handed by a caller (a parameter of
 * the spawner), and `other`'s memory cannot be what was handed: `other`'s goroutine made it
 * and never calls the spawner, or the function that made it never calls the spawner.
 */
function fromSpawnerCaller(
  pkg: PackageModel,
  conc: Concurrency,
  x: Instance,
  other: Instance,
  otherOwner: 'fresh' | { binding: Binding; own: boolean },
): boolean {
  const spawner = x.frame?.root.spawner ?? null;
  if (!spawner || !x.frame || x.frame.context) return false;
  const origin = originOf(pkg, x);
  if (origin === 'fresh' || !origin || (origin.role !== 'param' && origin.role !== 'recv') || origin.owner !== spawner) return false;
  const otherRoot = other.frame?.root ?? null;
  if (otherRoot === null) return false;
  if (otherOwner === 'fresh' || otherOwner.own) return !conc.framesOf(spawner).some((f) => f.root === otherRoot);
  const maker = otherOwner.binding.owner;
  return maker !== null && !conc.callSitesOf(spawner).some((site) => nodeIn(conc, site, maker));
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
        message: self
          ? 'each HTTP request runs this handler in its own goroutine, so it runs concurrently with itself'
          : 'HTTP handler: runs in its own goroutine per request',
      };
    case 'external':
      return {
        node: root.site.kind === 'FuncDecl' ? root.site.name : root.site,
        message: 'exported method, called from other goroutines while the goroutines of its type run',
      };
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
