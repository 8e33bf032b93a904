// Shared wording and small checks for the lock-misuse and waitgroup rules.

import type * as ast from '../../parse/ast.js';
import type { RuleContext } from '../../engine/rule.js';
import { LockAnalysis, lockOp, rebaseToCall } from '../../model/locks.js';
import type { FileModel, PackageModel } from '../../model/package.js';
import type { FuncNode } from '../../model/scope.js';
import { TypeInfo, unparenExpr } from '../../model/typeinfo.js';
import { deref, isMutex } from '../../model/types.js';
import { inspect } from '../../parse/walk.js';

/** "line 12" in the same file as `from`, "cache.go:12" elsewhere. */
export function where(ctx: RuleContext, from: ast.Node, to: ast.Node): string {
  const a = ctx.pkg.fileOfNode(from);
  const b = ctx.pkg.fileOfNode(to);
  if (!b) return 'elsewhere';
  const line = b.lines.line(to.pos);
  if (a === b) return `line ${line}`;
  return `${b.path.slice(b.path.lastIndexOf('/') + 1)}:${line}`;
}

/** Source text of a node on one line, shortened for messages. */
export function text(ctx: RuleContext, node: ast.Node): string {
  const file = ctx.pkg.fileOfNode(node);
  if (!file) return '?';
  const t = file.src.slice(node.pos, node.end).replace(/\s+/g, ' ');
  return t.length > 40 ? t.slice(0, 37) + '...' : t;
}

/** Name of a function for messages: `(*T).m`, `f`, or `func literal`. */
export function funcName(fn: FuncNode): string {
  if (fn.kind === 'FuncLit') return 'the function literal';
  const recv = fn.recv?.list[0]?.type;
  if (!recv) return fn.name.name;
  let base: ast.Expr = recv;
  let star = '';
  if (base.kind === 'StarExpr') {
    star = '*';
    base = base.x;
  }
  if (base.kind === 'IndexExpr' || base.kind === 'IndexListExpr') base = base.x;
  return `(${star}${base.kind === 'Ident' ? base.name : '?'}).${fn.name.name}`;
}

/** Files whose findings are not worth reporting: generated code. */
export function skipFile(file: FileModel | undefined): boolean {
  return file === undefined || file.isGenerated;
}

/** Binding id of the variable a lock key starts from (`var:12.mu` → 12). */
export function baseBindingId(instanceKey: string): number | null {
  const m = /^var:(\d+)/.exec(instanceKey);
  return m ? Number(m[1]) : null;
}

/**
 * True when the variable a lock is reached through may name another object at `to` than at
 * `from`: it is assigned between them, or in a loop around `to` (hand-over-hand locking walks
 * `n = n.next`, so `n.mu` is a different mutex each time).
 */
export function rebound(ctx: RuleContext, fn: FuncNode, instanceKey: string, from: number, toNode: ast.Node): boolean {
  const id = baseBindingId(instanceKey);
  if (id === null || !fn.body) return false;
  const to = toNode.pos;
  const loops: ast.Node[] = [];
  for (let n = toNode.parent; n !== undefined && n !== fn; n = n.parent) {
    if (n.kind === 'ForStmt' || n.kind === 'RangeStmt') loops.push(n);
  }
  let found = false;
  const assigns = (e: ast.Expr): boolean => e.kind === 'Ident' && (ctx.pkg.bindingOf(e) as { id?: number } | undefined)?.id === id;
  inspect(fn.body, (n) => {
    if (found) return false;
    let targets: ast.Expr[] = [];
    if (n.kind === 'AssignStmt') targets = n.lhs;
    else if (n.kind === 'RangeStmt') targets = [n.key, n.value].filter((x): x is ast.Expr => x !== null);
    if (targets.some(assigns)) {
      const inWindow = n.pos > from && n.pos < to;
      const inLoop = loops.some((l) => n.pos >= l.pos && n.end <= l.end);
      if (inWindow || inLoop) found = true;
    }
    return true;
  });
  return found;
}

/** A Lock/RLock/Unlock... call on a value known to be a sync.Mutex/RWMutex (or a struct of this package embedding one). */
export function isSyncLockCall(pkg: PackageModel, call: ast.CallExpr): boolean {
  const fun = unparenExpr(call.fun);
  if (fun.kind !== 'SelectorExpr' || lockOp(pkg, call) === null) return false;
  const t = deref(TypeInfo.of(pkg).typeOf(fun.x));
  return isMutex(t) || (t.k === 'named' && t.pkg === '');
}

/**
 * True when a goroutine started in `fn` unlocks the lock: the mutex is used as a one-shot
 * signal (`mu.Lock(); go func() { ...; mu.Unlock() }(); mu.Lock() // wait`), which Go allows.
 */
export function unlockedByGoroutine(pkg: PackageModel, fn: FuncNode, instanceKey: string): boolean {
  if (!fn.body) return false;
  const ti = TypeInfo.of(pkg);
  const locks = LockAnalysis.of(pkg);
  let found = false;
  inspect(fn.body, (n) => {
    if (found) return false;
    if (n.kind !== 'GoStmt') return true;
    const fun = unparenExpr(n.call.fun);
    if (fun.kind === 'FuncLit') {
      inspect(fun.body, (m) => {
        if (m.kind === 'CallExpr') {
          const op = lockOp(pkg, m);
          if (op && (op.kind === 'unlock' || op.kind === 'runlock') && op.ref.instanceKey === instanceKey) found = true;
        }
        return !found;
      });
    } else {
      const callee = ti.callee(n.call);
      const effect = callee ? locks.effectOf(callee) : null;
      if (callee && effect) found = effect.released.some((r) => rebaseToCall(pkg, r.ref, callee, n.call).instanceKey === instanceKey);
    }
    return false;
  });
  return found;
}
