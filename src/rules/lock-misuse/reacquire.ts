// Calls that take a lock the calling goroutine already holds on every path to them: a second
// Lock, or a call of a package function that locks the same mutex (for lock-double-lock and
// lock-recursive-rlock).

import type * as ast from '../../parse/ast.js';
import type { RuleContext } from '../../engine/rule.js';
import { type Acquisition, LockFlow } from '../../model/lockflow.js';
import { holds, type Hold } from '../../model/locks.js';
import type { FuncNode } from '../../model/scope.js';
import { isSyncLockCall, rebound, skipFile, unlockedByGoroutine } from './lock-text.js';

export interface Reacquire {
  fn: FuncNode;
  call: ast.CallExpr;
  /** The hold in effect before the call (acquired in this function or a caller of a literal). */
  hold: Hold & { at: ast.CallExpr };
  acq: Acquisition;
}

export function reacquisitions(ctx: RuleContext): Reacquire[] {
  const pkg = ctx.pkg;
  return pkg.analysis('rule:lock-reacquire', () => {
    const flow = LockFlow.of(pkg);
    const out: Reacquire[] = [];
    for (const fn of pkg.functions) {
      if (skipFile(pkg.fileOfNode(fn)) || !fn.body) continue;
      if (flow.neverHolds(fn)) continue; // every lock set below would be empty
      const trace = flow.trace(fn);
      for (const [call, before] of trace.beforeCall) {
        if (before.length === 0) continue;
        const seen = new Set<string>();
        for (const acq of flow.acquisitionsOf(call)) {
          const hold = holds(before, acq.ref);
          // holds assumed on entry (`...Locked` naming) are a convention, not a fact
          if (!hold || hold.at === null || seen.has(acq.ref.instanceKey)) continue;
          if (rebound(ctx, fn, acq.ref.instanceKey, hold.at.pos, call)) continue;
          // other Lock types may be reentrant; a mutex a goroutine unlocks is a signal, not a lock
          if (!isSyncLockCall(pkg, acq.site) || unlockedByGoroutine(pkg, fn, acq.ref.instanceKey)) continue;
          seen.add(acq.ref.instanceKey);
          out.push({ fn, call, hold: hold as Hold & { at: ast.CallExpr }, acq });
        }
      }
    }
    return out;
  });
}
