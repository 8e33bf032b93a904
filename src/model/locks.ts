// Locks: recognising Lock/Unlock/RLock/RUnlock calls, naming the mutex they act on, and the
// set of locks held before every statement of a function (lock regions), including
// `defer Unlock`, early returns, branches and loops, and helper calls that lock or unlock.

import type * as ast from '../parse/ast.js';
import { Tok } from '../parse/token.js';
import { inspect } from '../parse/walk.js';
import { LOCK_METHODS } from '../knowledge/stdlib.js';
import { type FlowDomain, runFlow } from './flow.js';
import type { PackageModel } from './package.js';
import type { FuncNode } from './scope.js';
import { TypeInfo, unparenExpr } from './typeinfo.js';
import { deref, isMutex, isRWMutex, type LType } from './types.js';
import { callsByName, isNoReturnStmt, methodCalls } from './calls.js';

/** A mutex named two ways: by declared location (type-wide) and by the variable path used. */
export interface LockRef {
  /** Same for every instance of a struct type: "field:T.mu", or a variable: "var:<binding id>". */
  readonly typeKey: string;
  /** Distinguishes instances: "var:<id>.mu" for s.mu with s a given variable. */
  readonly instanceKey: string;
  /** How the code spells it: "s.mu". */
  readonly display: string;
  /** True when the mutex is known to be a sync.RWMutex. */
  readonly rw: boolean;
}

export type LockOpKind = 'lock' | 'unlock' | 'rlock' | 'runlock' | 'trylock' | 'tryrlock';

export interface LockOp {
  kind: LockOpKind;
  ref: LockRef;
  call: ast.CallExpr;
}

export interface Hold {
  ref: LockRef;
  mode: 'w' | 'r';
  /** Where it was acquired (null when assumed held on entry). */
  at: ast.CallExpr | null;
  /** True once a deferred unlock for it has been registered. */
  deferred: boolean;
}

/** Locks held at a point: sorted by instance key, immutable. */
export type LockSet = readonly Hold[];

export const EMPTY_LOCKSET: LockSet = Object.freeze([]) as LockSet;

/** Recognises `x.Lock()` and friends on sync.Mutex/RWMutex (or an unknown type with those methods). */
export function lockOp(pkg: PackageModel, call: ast.CallExpr): LockOp | null {
  const fun = unparenExpr(call.fun);
  if (fun.kind !== 'SelectorExpr' || call.args.length !== 0) return null;
  const kind = LOCK_METHODS.get(fun.sel.name);
  if (!kind) return null;
  const ti = TypeInfo.of(pkg);
  const recvType = deref(ti.typeOf(fun.x));
  if (isMutex(recvType)) return { kind, ref: lockRef(pkg, fun.x, isRWMutex(recvType)), call };
  if (recvType.k === 'named' && recvType.pkg === '') {
    // a package type: either it embeds the mutex (promoted method) or declares its own Lock
    if (ti.method(recvType, fun.sel.name)) return null;
    const embedded = ti.embeddedOfType(recvType, 'sync', 'RWMutex') ?? ti.embeddedOfType(recvType, 'sync', 'Mutex');
    if (embedded === null) return null;
    const base = lockRef(pkg, fun.x, false);
    const rw = ti.embeddedOfType(recvType, 'sync', 'RWMutex') !== null;
    return { kind, ref: extendRef(base, recvType, embedded, rw), call };
  }
  if (recvType.k === 'struct') {
    // a field of anonymous struct type that embeds the mutex: pending struct { sync.Mutex; m map[K]V }
    const rw = ti.embeddedOfType(recvType, 'sync', 'RWMutex');
    const embedded = rw ?? ti.embeddedOfType(recvType, 'sync', 'Mutex');
    if (embedded === null) return null;
    const base = lockRef(pkg, fun.x, false);
    return {
      kind,
      ref: {
        typeKey: `${base.typeKey}.${embedded}`,
        instanceKey: `${base.instanceKey}.${embedded}`,
        display: base.display,
        rw: rw !== null,
      },
      call,
    };
  }
  if (recvType.k === 'unknown' || (recvType.k === 'named' && recvType.pkg === 'sync' && recvType.name === 'Locker')) {
    return { kind, ref: lockRef(pkg, fun.x, kind === 'rlock' || kind === 'runlock'), call };
  }
  return null;
}

function extendRef(base: LockRef, owner: LType, field: string, rw: boolean): LockRef {
  const typeName = owner.k === 'named' ? owner.name : '?';
  return {
    typeKey: `field:${typeName}.${field}`,
    instanceKey: `${base.instanceKey}.${field}`,
    display: `${base.display}.${field}`,
    rw,
  };
}

/** Names the mutex denoted by an expression. */
export function lockRef(pkg: PackageModel, x: ast.Expr, rw: boolean): LockRef {
  const e = unparenExpr(x);
  const ti = TypeInfo.of(pkg);
  if (e.kind === 'Ident') {
    const b = pkg.bindingOf(e);
    const key = b ? `var:${b.id}` : `name:${e.name}`;
    return { typeKey: key, instanceKey: key, display: e.name, rw };
  }
  if (e.kind === 'SelectorExpr') {
    const base = lockRef(pkg, e.x, false);
    const owner = deref(ti.typeOf(e.x));
    const f = ti.field(owner, e.sel.name);
    const typeName = f?.owner ?? (owner.k === 'named' ? owner.name : null);
    const typeKey = typeName !== null ? `field:${typeName}.${e.sel.name}` : `path:${base.typeKey}.${e.sel.name}`;
    return { typeKey, instanceKey: `${base.instanceKey}.${e.sel.name}`, display: `${base.display}.${e.sel.name}`, rw };
  }
  if (e.kind === 'UnaryExpr' && e.op === Tok.AND) return lockRef(pkg, e.x, rw);
  if (e.kind === 'StarExpr') return lockRef(pkg, e.x, rw);
  if (e.kind === 'IndexExpr') {
    // shards[i].mu: one key for the whole array of locks
    const base = lockRef(pkg, e.x, false);
    return { typeKey: `${base.typeKey}[]`, instanceKey: `${base.instanceKey}[]`, display: `${base.display}[...]`, rw };
  }
  if (e.kind === 'CallExpr') {
    const base = lockRef(pkg, e.fun, false);
    return { typeKey: `${base.typeKey}()`, instanceKey: `${base.instanceKey}()`, display: `${base.display}()`, rw };
  }
  return { typeKey: `expr:${e.pos}`, instanceKey: `expr:${e.pos}`, display: '?', rw };
}

// ---------------------------------------------------------------------------
// Lock sets

export function holds(set: LockSet, ref: LockRef): Hold | undefined {
  return set.find((h) => h.ref.instanceKey === ref.instanceKey);
}

function withHold(set: LockSet, hold: Hold): LockSet {
  const rest = set.filter((h) => h.ref.instanceKey !== hold.ref.instanceKey);
  return [...rest, hold].sort((a, b) => (a.ref.instanceKey < b.ref.instanceKey ? -1 : 1));
}

function without(set: LockSet, ref: LockRef): LockSet {
  return set.some((h) => h.ref.instanceKey === ref.instanceKey) ? set.filter((h) => h.ref.instanceKey !== ref.instanceKey) : set;
}

/** Locks held on every incoming path. */
export function intersect(a: LockSet, b: LockSet): LockSet {
  if (a === b) return a;
  const out: Hold[] = [];
  for (const h of a) {
    const o = b.find((x) => x.ref.instanceKey === h.ref.instanceKey);
    if (o) out.push({ ...h, mode: h.mode === 'w' && o.mode === 'w' ? 'w' : 'r', deferred: h.deferred && o.deferred, at: h.at ?? o.at });
  }
  return out;
}

function sameSet(a: LockSet, b: LockSet): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.ref.instanceKey !== y.ref.instanceKey || x.mode !== y.mode || x.deferred !== y.deferred) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------
// Lock regions per function

export interface LockRegions {
  /** Locks held on every path into each statement of the function (not of nested literals). */
  before: Map<ast.Stmt, LockSet>;
  /** Locks held on entry. */
  entry: LockSet;
  /** Every lock operation in the function body, in source order. */
  ops: LockOp[];
}

/** Lock regions of every function of the package, computed on demand. */
export class LockAnalysis {
  private readonly regions = new Map<FuncNode, LockRegions>();
  private readonly effects = new Map<FuncNode, CallEffect | null>();
  private readonly computing = new Set<FuncNode>();
  private lockers?: Lockers;

  constructor(private readonly pkg: PackageModel) {}

  static of(pkg: PackageModel): LockAnalysis {
    return pkg.analysis('locks', (p) => new LockAnalysis(p));
  }

  /** Lock regions of a function; `entry` defaults to what the function assumes held. */
  of(fn: FuncNode, entry?: LockSet): LockRegions {
    const cached = entry === undefined ? this.regions.get(fn) : undefined;
    if (cached) return cached;
    const start = entry ?? this.assumedEntry(fn);
    const result: LockRegions = { before: new Map(), entry: start, ops: [] };
    if (entry === undefined) this.regions.set(fn, result);
    const body = fn.body;
    if (!body) return result;
    if (start.length === 0 && !this.computing.has(fn) && this.lockNeutralGuarded(fn)) return result; // nothing held anywhere
    this.computing.add(fn);
    try {
      runFlow(body, start, this.domain(result.ops), {
        before: (stmt, s) => {
          result.before.set(stmt, s);
        },
      });
    } finally {
      this.computing.delete(fn);
    }
    return result;
  }

  /** Locks held at a node of `fn`: those held before its enclosing statement. */
  at(fn: FuncNode, node: ast.Node): LockSet {
    const regions = this.of(fn);
    for (let n: ast.Node | undefined = node; n !== undefined && n !== fn; n = n.parent) {
      const s = regions.before.get(n as ast.Stmt);
      if (s !== undefined) return s;
    }
    return regions.entry;
  }

  /**
   * What a function assumes held on entry. Function literals that are not started with `go`
   * run where they are created (callbacks, deferred closures), so they inherit its locks.
   * Functions named `...Locked` (or documented "must be called with mu held") get the
   * receiver's mutexes.
   */
  assumedEntry(fn: FuncNode): LockSet {
    if (fn.kind === 'FuncLit') {
      const parent = fn.parent;
      if (parent?.kind === 'CallExpr' && parent.fun === fn && parent.parent?.kind === 'GoStmt') return EMPTY_LOCKSET;
      const outer = this.pkg.funcParents.get(fn);
      if (!outer || this.computing.has(outer)) return EMPTY_LOCKSET;
      return this.at(outer, fn).map((h) => ({ ...h, deferred: true }));
    }
    if (/[a-z]Locked$|^locked[A-Z]|Locked$/.test(fn.name.name) && fn.recv) return this.receiverMutexes(fn);
    return EMPTY_LOCKSET;
  }

  private receiverMutexes(fn: ast.FuncDecl): LockSet {
    const recv = fn.recv?.list[0];
    const name = recv?.names[0];
    if (!recv?.type || !name) return EMPTY_LOCKSET;
    const ti = TypeInfo.of(this.pkg);
    const t = deref(ti.typeFromExpr(recv.type));
    const u = ti.underlying(t);
    if (u.k !== 'struct' || !u.node || t.k !== 'named') return EMPTY_LOCKSET;
    const b = this.pkg.bindingOf(name);
    const out: Hold[] = [];
    for (const f of u.node.fields.list) {
      if (!f.type || !isMutex(deref(ti.typeFromExpr(f.type)))) continue;
      const names =
        f.names.length > 0
          ? f.names.map((n) => n.name)
          : [deref(ti.typeFromExpr(f.type)).k === 'named' ? (f.type.kind === 'SelectorExpr' ? f.type.sel.name : 'Mutex') : 'Mutex'];
      for (const n of names) {
        const base = b ? `var:${b.id}` : `name:${name.name}`;
        out.push({
          ref: {
            typeKey: `field:${t.name}.${n}`,
            instanceKey: `${base}.${n}`,
            display: `${name.name}.${n}`,
            rw: isRWMutex(deref(ti.typeFromExpr(f.type))),
          },
          mode: 'w',
          at: null,
          deferred: true,
        });
      }
    }
    return out;
  }

  /** Net effect of calling a package function (or a local closure) on the caller's locks, or null if none. */
  effectOf(decl: FuncNode): CallEffect | null {
    if (this.effects.has(decl)) return this.effects.get(decl)!;
    if (this.computing.has(decl)) return null;
    this.effects.set(decl, null); // recursion guard
    const regions = this.of(decl);
    // the effect is made of the function's own lock operations: none, no effect (and no second flow)
    if (regions.ops.length === 0) return null;
    const acquired: LockOp[] = [];
    const released: LockOp[] = [];
    // held at every exit but not on entry → acquired for the caller; and the reverse
    let exitSet: LockSet | null = null;
    if (decl.body) {
      runFlow(decl.body, regions.entry, this.domain([]), {
        exit: (_at, s, kind) => {
          if (kind === 'panic') return;
          exitSet = exitSet === null ? s : intersect(exitSet, s);
        },
      });
    }
    const finalSet: LockSet = exitSet ?? EMPTY_LOCKSET;
    for (const op of regions.ops) {
      const heldAtExit = finalSet.find((h) => h.ref.instanceKey === op.ref.instanceKey && !h.deferred);
      if ((op.kind === 'lock' || op.kind === 'rlock') && heldAtExit) acquired.push(op);
      if (
        (op.kind === 'unlock' || op.kind === 'runlock') &&
        !heldAtExit &&
        !regions.ops.some((o) => o.ref.instanceKey === op.ref.instanceKey && (o.kind === 'lock' || o.kind === 'rlock'))
      ) {
        released.push(op);
      }
    }
    const recv = decl.kind === 'FuncDecl' ? (decl.recv?.list[0]?.names[0] ?? null) : null;
    const effect = acquired.length || released.length ? { acquired, released, recv } : null;
    this.effects.set(decl, effect);
    return effect;
  }

  private lockNeutralGuarded(fn: FuncNode): boolean {
    this.computing.add(fn);
    try {
      return this.lockNeutral(fn);
    } finally {
      this.computing.delete(fn);
    }
  }

  /**
   * True when no call in the function's own body (not its literals) can change the lock set:
   * no Lock/Unlock and no call of a package function or local closure with a net lock effect.
   * Along every path of such a function the locks held are those held on entry.
   */
  lockNeutral(fn: FuncNode): boolean {
    if (!fn.body || !this.mayLock(fn)) return true;
    for (const call of callsIn(fn.body)) {
      if (lockOp(this.pkg, call)) return false;
      // defer func() { mu.Unlock() }()
      if (call.fun.kind === 'FuncLit' && call.parent?.kind === 'DeferStmt' && callsIn(call.fun.body).some((c) => lockOp(this.pkg, c)))
        return false;
      if (!this.mayHaveEffect(call)) continue;
      const callee = TypeInfo.of(this.pkg).callee(call);
      const target = callee ?? localClosure(this.pkg, call);
      if (target && this.effectOf(target)) return false;
    }
    return true;
  }

  private withLockingCalls?: Set<FuncNode>;

  /**
   * Whether a function (or a closure in it) makes a call that may lock or unlock: a Lock-like
   * method name or a call mayHaveEffect lets through. Functions without one are lock-neutral
   * without looking at their statements.
   */
  private mayLock(fn: FuncNode): boolean {
    if (!this.withLockingCalls) {
      // the calls mayHaveEffect lets through, and Lock-like methods, found by name
      const lockers = (this.lockers ??= findLockers(this.pkg));
      const byName = callsByName(this.pkg);
      const calls: (readonly ast.CallExpr[])[] = [byName.other];
      for (const name of new Set([...LOCK_METHODS.keys(), ...lockers.names])) calls.push(byName.selector.get(name) ?? []);
      for (const name of new Set([...lockers.names, ...lockers.closures])) calls.push(byName.plain.get(name) ?? []);
      const out = new Set<FuncNode>();
      for (const list of calls) {
        for (const call of list) {
          for (let fn = this.pkg.enclosingFunction(call); fn !== null && !out.has(fn); fn = this.pkg.enclosingFunction(fn)) out.add(fn);
        }
      }
      this.withLockingCalls = out;
    }
    return this.withLockingCalls.has(fn);
  }

  /**
   * Whether the function a call invokes may lock or unlock for its caller: only functions whose
   * own body does can (effectOf), so a call by another name needs no callee resolution.
   */
  mayHaveEffect(call: ast.CallExpr): boolean {
    const lockers = (this.lockers ??= findLockers(this.pkg));
    const fun = unparenExpr(call.fun);
    if (fun.kind === 'SelectorExpr') return lockers.names.has(fun.sel.name);
    if (fun.kind === 'Ident') return lockers.names.has(fun.name) || lockers.closures.has(fun.name);
    return fun.kind === 'FuncLit' || fun.kind === 'IndexExpr' || fun.kind === 'IndexListExpr';
  }

  /**
   * The lock-set domain for analyses that run their own flow over a function; `observe` sees
   * every call the function evaluates (not deferred or started with go) with the locks held
   * right before it. During loop iterations a call is seen several times: the last is final.
   */
  flowDomain(observe?: (call: ast.CallExpr, before: LockSet) => void): FlowDomain<LockSet> {
    return this.domain([], observe);
  }

  private domain(ops: LockOp[], observe?: (call: ast.CallExpr, before: LockSet) => void): FlowDomain<LockSet> {
    const pkg = this.pkg;
    const ti = TypeInfo.of(pkg);
    const seen = new Set<ast.CallExpr>();
    const apply = (s: LockSet, op: LockOp, deferred: boolean): LockSet => {
      if (!seen.has(op.call)) {
        seen.add(op.call);
        ops.push(op);
      }
      switch (op.kind) {
        case 'lock':
        case 'rlock':
          if (deferred) return s;
          return withHold(s, { ref: op.ref, mode: op.kind === 'lock' ? 'w' : 'r', at: op.call, deferred: false });
        case 'unlock':
        case 'runlock': {
          if (!deferred) return without(s, op.ref);
          const h = holds(s, op.ref);
          return h ? withHold(s, { ...h, deferred: true }) : s;
        }
        default:
          return s; // TryLock: held only on the success branch, which we do not track
      }
    };
    const applyCallEffect = (s: LockSet, call: ast.CallExpr, deferred: boolean): LockSet => {
      if (deferred || !this.mayHaveEffect(call)) return s;
      const callee = ti.callee(call);
      if (!callee) {
        // lock := func() { acc.mu.Lock() }; lock(): the closure's locks are named as the caller's
        const lit = localClosure(pkg, call);
        const effect = lit ? this.effectOf(lit) : null;
        for (const op of effect?.acquired ?? [])
          s = withHold(s, { ref: op.ref, mode: op.kind === 'rlock' ? 'r' : 'w', at: call, deferred: false });
        for (const op of effect?.released ?? []) s = without(s, op.ref);
        return s;
      }
      const effect = this.effectOf(callee);
      if (!effect) return s;
      for (const op of effect.acquired) {
        s = withHold(s, { ref: rebaseToCall(pkg, op.ref, callee, call), mode: op.kind === 'rlock' ? 'r' : 'w', at: call, deferred: false });
      }
      for (const op of effect.released) s = without(s, rebaseToCall(pkg, op.ref, callee, call));
      return s;
    };
    return {
      simple(node, s) {
        if (node.kind === 'DeferStmt') {
          const op = lockOp(pkg, node.call);
          if (op) return apply(s, op, true);
          // defer func() { mu.Unlock() }()
          if (node.call.fun.kind === 'FuncLit') {
            for (const inner of callsIn(node.call.fun.body)) {
              const o = lockOp(pkg, inner);
              if (o && (o.kind === 'unlock' || o.kind === 'runlock')) s = apply(s, o, true);
            }
          }
          return s;
        }
        if (node.kind === 'GoStmt') return s;
        for (const call of callsIn(node)) {
          observe?.(call, s);
          const op = lockOp(pkg, call);
          s = op ? apply(s, op, false) : applyCallEffect(s, call, false);
        }
        return s;
      },
      join: intersect,
      equal: sameSet,
      noReturn: (stmt) => isNoReturnStmt(pkg, stmt),
      assume: (cond, then) => (isLockSwitch(pkg, cond, then) ? true : null),
    };
  }
}

/**
 * The package's functions whose own bodies lock or unlock, by name, and the names of the local
 * variables holding function literals that do (`lock := func() { mu.Lock() }`).
 */
interface Lockers {
  names: Set<string>;
  closures: Set<string>;
}

function findLockers(pkg: PackageModel): Lockers {
  const out: Lockers = { names: new Set(), closures: new Set() };
  const byName = methodCalls(pkg);
  for (const call of [...LOCK_METHODS.keys()].flatMap((name) => byName.get(name) ?? [])) {
    if (!lockOp(pkg, call)) continue;
    for (let fn = pkg.enclosingFunction(call); fn !== null; fn = pkg.enclosingFunction(fn)) {
      if (fn.kind === 'FuncDecl') out.names.add(fn.name.name);
      else {
        const name = boundName(fn);
        if (name !== null) out.closures.add(name);
      }
    }
  }
  return out;
}

/** The variable a function literal is assigned to where it is written (`f := func() {...}`), if any. */
function boundName(lit: ast.FuncLit): string | null {
  let e: ast.Node = lit;
  while (e.parent?.kind === 'ParenExpr') e = e.parent;
  const p = e.parent;
  const i = p?.kind === 'AssignStmt' ? p.rhs.indexOf(e as ast.Expr) : p?.kind === 'ValueSpec' ? p.values.indexOf(e as ast.Expr) : -1;
  if (i < 0) return null;
  const target = p!.kind === 'AssignStmt' ? p!.lhs[i] : (p as ast.ValueSpec).names[i];
  return target?.kind === 'Ident' ? target.name : null;
}

/** The function literal a local variable called here was initialised with (`unlock := func() {...}`). */
function localClosure(pkg: PackageModel, call: ast.CallExpr): ast.FuncLit | null {
  const fun = unparenExpr(call.fun);
  const b = fun.kind === 'Ident' ? pkg.bindingOf(fun) : undefined;
  if (!b || b.kind !== 'var' || b.role !== 'local' || b.source.k !== 'init' || b.source.ofTuple) return null;
  const init = unparenExpr(b.source.expr);
  return init.kind === 'FuncLit' ? init : null;
}

/**
 * `if shouldLock { s.mu.Lock() }` (or `if !hasLock {...}`) on a bool parameter: callers that
 * skip the branch hold the lock themselves (or release it themselves), so the lock state is as
 * if the branch ran.
 */
function isLockSwitch(pkg: PackageModel, cond: ast.Expr, then: ast.BlockStmt): boolean {
  let x = unparenExpr(cond);
  if (x.kind === 'UnaryExpr' && x.op === Tok.NOT) x = unparenExpr(x.x); // if !hasLock { c.mu.Lock() }
  const b = x.kind === 'Ident' ? pkg.bindingOf(x) : undefined;
  if (!b || b.kind !== 'var' || b.role !== 'param') return false;
  return then.list.some((stmt) => {
    const call = stmt.kind === 'ExprStmt' && stmt.x.kind === 'CallExpr' ? stmt.x : stmt.kind === 'DeferStmt' ? stmt.call : null;
    return call !== null && lockOp(pkg, call) !== null;
  });
}

export interface CallEffect {
  acquired: LockOp[];
  released: LockOp[];
  /** The callee's receiver name, to map `s.mu` in the callee to `x.mu` at the call. */
  recv: ast.Ident | null;
}

/**
 * Re-expresses a lock named in a callee's terms (on its receiver or a parameter, e.g. `s.mu` or
 * `*mu`) as the same lock in the caller's terms at `call` (`x.mu`, `&c.mu`). Other locks
 * (package variables, fields of globals) are the same in both.
 */
export function rebaseToCall(pkg: PackageModel, ref: LockRef, callee: ast.FuncDecl, call: ast.CallExpr): LockRef {
  const fun = unparenExpr(call.fun);
  const recv = callee.recv?.list[0]?.names[0] ?? null;
  if (recv && fun.kind === 'SelectorExpr') {
    const out = rebase(pkg, ref, recv, fun.x);
    if (out !== ref) return out;
  }
  let i = 0;
  for (const field of callee.type.params.list) {
    for (const name of field.names) {
      const arg = call.args[i++];
      if (!arg || call.ellipsis >= 0) continue;
      const out = rebase(pkg, ref, name, arg);
      if (out !== ref) return out;
    }
    if (field.names.length === 0) i++;
  }
  return ref;
}

/** Re-expresses a callee's lock on its receiver as the same lock on the caller's receiver expression. */
function rebase(pkg: PackageModel, ref: LockRef, recv: ast.Ident | null, recvExpr: ast.Expr): LockRef {
  if (!recv) return ref;
  const b = pkg.bindingOf(recv);
  const prefix = b ? `var:${b.id}` : `name:${recv.name}`;
  if (!ref.instanceKey.startsWith(prefix)) return ref;
  const rest = ref.instanceKey.slice(prefix.length);
  if (rest !== '' && rest[0] !== '.' && rest[0] !== '[' && rest[0] !== '(') return ref; // var:12 is not var:123
  const base = lockRef(pkg, recvExpr, false);
  return {
    // a mutex passed itself (`mu *sync.Mutex`) is named by what the caller passed
    typeKey: rest === '' ? base.typeKey : ref.typeKey,
    instanceKey: base.instanceKey + rest,
    display: base.display + ref.display.slice(recv.name.length),
    rw: ref.rw,
  };
}

/** Memo of `callsIn` on the node (the trees never change; a WeakMap would hash every statement). */
interface CallsSlot {
  callsIn?: readonly ast.CallExpr[];
}

/** Calls evaluated by a statement or expression, innermost first, not entering function literals. */
export function callsIn(node: ast.Node): readonly ast.CallExpr[] {
  // the lock flow asks again for every pass over a loop body
  const slot = node as ast.Node & CallsSlot;
  if (slot.callsIn) return slot.callsIn;
  const out: ast.CallExpr[] = [];
  inspect(
    node,
    (n) => n.kind !== 'FuncLit',
    (n) => {
      if (n.kind === 'CallExpr') out.push(n);
    },
  );
  slot.callsIn = out;
  return out;
}
