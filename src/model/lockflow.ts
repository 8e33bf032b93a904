// Lock states along the paths of a function, as the lock-misuse and waitgroup rules need them:
// the locks held right before every call and statement, at every exit and every `continue`,
// and what a call acquires — a Lock/RLock, or the locks the package function it calls takes
// before releasing them (so that `s.get()` while holding s.mu is seen to lock s.mu again).

import type * as ast from '../parse/ast.js';
import { Tok } from '../parse/token.js';
import { inspect } from '../parse/walk.js';
import { runFlow } from './flow.js';
import { EMPTY_LOCKSET, holds, LockAnalysis, lockOp, type LockRef, type LockSet, rebaseToCall } from './locks.js';
import type { PackageModel } from './package.js';
import type { FuncNode } from './scope.js';
import { TypeInfo, unparenExpr } from './typeinfo.js';

export interface LockExit {
  at: ast.ReturnStmt | ast.ExprStmt | ast.BlockStmt;
  state: LockSet;
  kind: 'return' | 'panic' | 'end';
}

export interface LockTrace {
  fn: FuncNode;
  entry: LockSet;
  /** Locks held on every path right before each call the function evaluates itself. */
  beforeCall: Map<ast.CallExpr, LockSet>;
  /** Locks held on every path into each statement. */
  before: Map<ast.Stmt, LockSet>;
  exits: LockExit[];
}

/** A lock taken by a call, named in the terms of the function that makes the call. */
export interface Acquisition {
  ref: LockRef;
  mode: 'w' | 'r';
  /** The Lock/RLock call that takes it: the call itself, or one inside a callee. */
  site: ast.CallExpr;
  /** Package functions called on the way to `site`, outermost first (empty for a direct Lock). */
  via: ast.FuncDecl[];
}

const MAX_CALL_DEPTH = 4;

export class LockFlow {
  private readonly traces = new Map<FuncNode, LockTrace>();
  private readonly acquired = new Map<ast.FuncDecl, Acquisition[]>();
  private readonly computing = new Set<ast.FuncDecl>();
  private readonly locks: LockAnalysis;
  private readonly ti: TypeInfo;

  private constructor(private readonly pkg: PackageModel) {
    this.locks = LockAnalysis.of(pkg);
    this.ti = TypeInfo.of(pkg);
  }

  static of(pkg: PackageModel): LockFlow {
    return pkg.analysis('lockflow', (p) => new LockFlow(p));
  }

  trace(fn: FuncNode): LockTrace {
    const cached = this.traces.get(fn);
    if (cached) return cached;
    const entry = this.entryOf(fn);
    const trace: LockTrace = { fn, entry, beforeCall: new Map(), before: new Map(), exits: [] };
    this.traces.set(fn, trace);
    if (!fn.body) return trace;
    if (entry.length === 0 && this.neverHolds(fn)) {
      // nothing is ever held: every call the function evaluates sees the empty set
      for (const call of evaluatedCalls(fn.body)) trace.beforeCall.set(call, EMPTY_LOCKSET);
      return trace;
    }
    const domain = this.locks.flowDomain((call, s) => trace.beforeCall.set(call, s));
    runFlow(fn.body, entry, domain, {
      before: (stmt, s) => trace.before.set(stmt, s),
      exit: (at, state, kind) => trace.exits.push({ at, state, kind }),
    });
    return trace;
  }

  private readonly lockFree = new Map<FuncNode, boolean>();

  /** True when no lock is held anywhere in `fn`: none on entry and nothing in it locks or unlocks. */
  neverHolds(fn: FuncNode): boolean {
    // asked by several rules for every function; the answer rests on memoised regions and effects
    let free = this.lockFree.get(fn);
    if (free === undefined) {
      free = this.entryOf(fn).length === 0 && this.locks.lockNeutral(fn);
      this.lockFree.set(fn, free);
    }
    return free;
  }

  /** Locks held right before a node of `fn` (that of its statement, or of the call itself). */
  at(fn: FuncNode, node: ast.Node): LockSet {
    const t = this.trace(fn);
    if (node.kind === 'CallExpr') {
      const s = t.beforeCall.get(node);
      if (s) return s;
    }
    for (let n: ast.Node | undefined = node; n !== undefined && n !== fn; n = n.parent) {
      const s = t.before.get(n as ast.Stmt);
      if (s !== undefined) return s;
    }
    return t.entry;
  }

  /**
   * What a function assumes held on entry: receiver mutexes for `...Locked` methods; for a
   * function literal called on the spot, the locks held where it is called. Other literals
   * (callbacks, deferred or stored functions, goroutines) run at times we do not know: none.
   */
  entryOf(fn: FuncNode): LockSet {
    if (fn.kind === 'FuncDecl') return this.locks.assumedEntry(fn);
    const call = fn.parent;
    if (call?.kind !== 'CallExpr' || call.fun !== fn) return EMPTY_LOCKSET;
    const stmt = call.parent;
    if (stmt?.kind === 'GoStmt' || stmt?.kind === 'DeferStmt') return EMPTY_LOCKSET;
    const outer = this.pkg.funcParents.get(fn);
    if (!outer) return EMPTY_LOCKSET;
    // inherited locks are the caller's to release
    return this.at(outer, call).map((h) => ({ ...h, deferred: true }));
  }

  /** The locks a call takes: a direct Lock/RLock, or those its package callee takes before releasing them. */
  acquisitionsOf(call: ast.CallExpr): Acquisition[] {
    const op = lockOp(this.pkg, call);
    if (op)
      return op.kind === 'lock' || op.kind === 'rlock' ? [{ ref: op.ref, mode: op.kind === 'lock' ? 'w' : 'r', site: call, via: [] }] : [];
    const callee = this.ti.callee(call);
    if (!callee) return [];
    return this.acquisitionsIn(callee, 0).map((a) => ({ ...a, ref: rebaseToCall(this.pkg, a.ref, callee, call), via: [callee, ...a.via] }));
  }

  /**
   * Locks a function takes while a caller's hold of the same lock would still be in effect:
   * not after the function released that lock itself (`s.mu.Unlock(); ...; s.mu.Lock()` is the
   * release-and-retake of a function called with the lock held).
   */
  private acquisitionsIn(decl: ast.FuncDecl, depth: number): Acquisition[] {
    const cached = this.acquired.get(decl);
    if (cached) return cached;
    if (this.computing.has(decl) || depth > MAX_CALL_DEPTH || !decl.body) return [];
    this.computing.add(decl);
    const out: Acquisition[] = [];
    try {
      const trace = this.trace(decl);
      const releases = this.releasePositions(trace);
      const releasedBefore = (key: string, pos: number): boolean => (releases.get(key) ?? []).some((p) => p < pos);
      for (const [call, before] of trace.beforeCall) {
        const op = lockOp(this.pkg, call);
        if (op) {
          if ((op.kind === 'lock' || op.kind === 'rlock') && !holds(before, op.ref) && !releasedBefore(op.ref.instanceKey, call.pos)) {
            out.push({ ref: op.ref, mode: op.kind === 'lock' ? 'w' : 'r', site: call, via: [] });
          }
          continue;
        }
        const callee = this.ti.callee(call);
        if (!callee || callee === decl) continue;
        for (const a of this.acquisitionsIn(callee, depth + 1)) {
          const ref = rebaseToCall(this.pkg, a.ref, callee, call);
          if (holds(before, ref) || releasedBefore(ref.instanceKey, call.pos)) continue;
          out.push({ ...a, ref, via: [callee, ...a.via] });
        }
      }
    } finally {
      this.computing.delete(decl);
    }
    out.sort((a, b) => a.site.pos - b.site.pos);
    // cached even when a cycle or the depth limit cut it short: fewer findings, never more
    this.acquired.set(decl, out);
    return out;
  }

  /** Positions of the unlocks a function performs itself (not deferred), by lock instance. */
  releasePositions(trace: LockTrace): Map<string, number[]> {
    const out = new Map<string, number[]>();
    for (const [key, calls] of this.releases(trace))
      out.set(
        key,
        calls.map((c) => c.pos),
      );
    return out;
  }

  /** The calls by which a function releases locks itself (Unlock, or a helper that unlocks; not deferred), by lock instance. */
  releases(trace: LockTrace): Map<string, ast.CallExpr[]> {
    const out = new Map<string, ast.CallExpr[]>();
    const add = (key: string, call: ast.CallExpr): void => {
      const list = out.get(key);
      if (list) list.push(call);
      else out.set(key, [call]);
    };
    for (const call of trace.beforeCall.keys()) {
      for (const key of this.releasedBy(call)) add(key, call);
    }
    for (const list of out.values()) list.sort((a, b) => a.pos - b.pos);
    return out;
  }

  /** Instance keys of the locks a call releases: an Unlock/RUnlock, or a package helper that unlocks. */
  releasedBy(call: ast.CallExpr): string[] {
    const op = lockOp(this.pkg, call);
    if (op) return op.kind === 'unlock' || op.kind === 'runlock' ? [op.ref.instanceKey] : [];
    const callee = this.ti.callee(call);
    const effect = callee ? this.locks.effectOf(callee) : null;
    if (!callee || !effect) return [];
    return effect.released.map((r) => rebaseToCall(this.pkg, r.ref, callee, call).instanceKey);
  }

  /** Locks released by the defer statements of a function (directly, by a helper, or in a deferred closure). */
  deferredReleases(fn: FuncNode): Set<string> {
    const out = new Set<string>();
    if (!fn.body) return out;
    inspect(fn.body, (n) => {
      if (n.kind === 'FuncLit') return false;
      if (n.kind !== 'DeferStmt') return true;
      const fun = unparenExpr(n.call.fun);
      if (fun.kind === 'FuncLit') {
        inspect(fun.body, (m) => {
          if (m.kind === 'CallExpr') for (const k of this.releasedBy(m)) out.add(k);
          return true;
        });
      } else {
        for (const k of this.releasedBy(n.call)) out.add(k);
      }
      return false;
    });
    return out;
  }
}

/** `mu.Unlock()`/`mu.RUnlock()` (or a deferred closure doing it) registered by a defer statement. */
export function deferredUnlocks(pkg: PackageModel, stmt: ast.DeferStmt): LockRef[] {
  const op = lockOp(pkg, stmt.call);
  if (op) return op.kind === 'unlock' || op.kind === 'runlock' ? [op.ref] : [];
  const fun = unparenExpr(stmt.call.fun);
  if (fun.kind !== 'FuncLit') return [];
  const out: LockRef[] = [];
  for (const s of fun.body.list) {
    if (s.kind !== 'ExprStmt' || s.x.kind !== 'CallExpr') continue;
    const inner = lockOp(pkg, s.x);
    if (inner && (inner.kind === 'unlock' || inner.kind === 'runlock')) out.push(inner.ref);
  }
  return out;
}

/** The loop statement a `continue` goes back to, within its function. */
export function continueTarget(stmt: ast.BranchStmt): ast.ForStmt | ast.RangeStmt | null {
  if (stmt.tok !== Tok.CONTINUE) return null;
  for (let n = stmt.parent; n !== undefined; n = n.parent) {
    if (n.kind === 'FuncLit' || n.kind === 'FuncDecl') return null;
    if (n.kind !== 'ForStmt' && n.kind !== 'RangeStmt') continue;
    if (!stmt.label) return n;
    if (n.parent?.kind === 'LabeledStmt' && n.parent.label.name === stmt.label.name) return n;
  }
  return null;
}

/**
 * The calls a body evaluates itself (not in function literals, go or defer statements), in the
 * order the flow sees them: statements in source order, innermost call first.
 */
function evaluatedCalls(body: ast.BlockStmt): ast.CallExpr[] {
  const out: ast.CallExpr[] = [];
  inspect(
    body,
    (n) => n.kind !== 'FuncLit' && n.kind !== 'GoStmt' && n.kind !== 'DeferStmt',
    (n) => {
      if (n.kind === 'CallExpr') out.push(n);
    },
  );
  return out;
}
