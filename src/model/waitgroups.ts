// WaitGroups and the goroutines they wait for: naming a WaitGroup the way the concurrency
// model names what goroutines signal, the workers that call Done on it, and whether a worker
// takes a given lock before its Done (so that waiting while holding that lock deadlocks).

import type * as ast from '../parse/ast.js';
import { inspect } from '../parse/walk.js';
import { locate, locationKey } from './accesses.js';
import { isMethodOn } from './calls.js';
import { Concurrency, type Root } from './concurrency.js';
import { type Acquisition, LockFlow } from './lockflow.js';
import { lockRef, type LockRef } from './locks.js';
import type { PackageModel } from './package.js';
import type { FuncNode } from './scope.js';
import { TypeInfo, unparenExpr } from './typeinfo.js';
import { deref, isNamed } from './types.js';

/** Key of a WaitGroup or channel expression, comparable with Concurrency.signalsOf. */
export function syncKey(pkg: PackageModel, e: ast.Expr): string {
  const loc = locate(pkg, e, new Map());
  if (loc) return locationKey(loc.k === 'addr' ? loc.of : loc);
  return lockRef(pkg, e, false).typeKey;
}

/** `x.Method(...)` on a sync.WaitGroup (or a pointer to one). */
export function isWaitGroupCall(pkg: PackageModel, call: ast.CallExpr, ...methods: string[]): boolean {
  return isMethodOn(pkg, call, 'sync', 'WaitGroup', ...methods);
}

/** True for an expression of type sync.WaitGroup or *sync.WaitGroup. */
export function isWaitGroup(pkg: PackageModel, e: ast.Expr): boolean {
  return isNamed(deref(TypeInfo.of(pkg).typeOf(e)), 'sync', 'WaitGroup');
}

/** The WaitGroup operand of `wg.Add/Done/Wait(...)`. */
export function waitGroupOf(call: ast.CallExpr): ast.Expr | null {
  const fun = unparenExpr(call.fun);
  return fun.kind === 'SelectorExpr' ? fun.x : null;
}

/** Goroutines (go statements, errgroup/WaitGroup.Go callbacks) that signal the WaitGroup or channel named by `key`. */
export function workersSignalling(pkg: PackageModel, key: string): Root[] {
  const conc = Concurrency.of(pkg);
  return conc.roots.filter((r) => (r.kind === 'go' || r.kind === 'errgroup') && conc.signalsOf(r).has(key));
}

export interface WorkerLock {
  worker: Root;
  acq: Acquisition;
  /** The call in the worker's entry function that takes it (the Lock, or a call that locks). */
  call: ast.CallExpr;
}

/**
 * The first acquisition by `worker` of a lock of the same class as `ref` (same declared field or
 * variable) that happens before the worker signals `key` (a deferred Done signals last).
 */
export function workerLockBeforeSignal(pkg: PackageModel, worker: Root, ref: LockRef, key: string): WorkerLock | null {
  const flow = LockFlow.of(pkg);
  const fn = worker.entry;
  if (!fn.body) return null;
  const signalAt = firstSignal(pkg, fn, key);
  const trace = flow.trace(fn);
  const calls = [...trace.beforeCall.keys()].sort((a, b) => a.pos - b.pos);
  for (const call of calls) {
    if (signalAt !== null && call.pos > signalAt) break;
    for (const acq of flow.acquisitionsOf(call)) {
      if (acq.ref.typeKey === ref.typeKey || acq.ref.instanceKey === ref.instanceKey) return { worker, acq, call };
    }
  }
  return null;
}

/** Position of the first non-deferred Done/send/close on `key` in fn's own body, or null (deferred or none). */
function firstSignal(pkg: PackageModel, fn: FuncNode, key: string): number | null {
  let at: number | null = null;
  inspect(fn.body!, (n) => {
    if (at !== null || n.kind === 'FuncLit' || n.kind === 'DeferStmt') return false;
    if (n.kind === 'CallExpr') {
      const fun = unparenExpr(n.fun);
      // the worker's own name for the WaitGroup may be a parameter: any WaitGroup's Done counts
      if (
        fun.kind === 'SelectorExpr' &&
        fun.sel.name === 'Done' &&
        n.args.length === 0 &&
        (syncKey(pkg, fun.x) === key || isWaitGroup(pkg, fun.x))
      )
        at = n.pos;
    } else if (n.kind === 'SendStmt' && syncKey(pkg, n.chan) === key) {
      at = n.pos;
    }
    return at === null;
  });
  return at;
}
