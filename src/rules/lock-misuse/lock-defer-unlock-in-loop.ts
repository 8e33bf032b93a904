import type * as ast from '../../parse/ast.js';
import { defineRule, type RuleContext } from '../../engine/rule.js';
import { deferredUnlocks, LockFlow } from '../../model/lockflow.js';
import { holds, lockOp, type LockRef } from '../../model/locks.js';
import type { FuncNode } from '../../model/scope.js';
import { Tok } from '../../parse/token.js';
import { inspect } from '../../parse/walk.js';
import { isSyncLockCall, rebound, skipFile, where } from './lock-text.js';

type Loop = ast.ForStmt | ast.RangeStmt;

export default defineRule({
  meta: {
    id: 'lock-defer-unlock-in-loop',
    family: 'lock-misuse',
    severity: 'error',
    category: 'correctness',
    title: 'deferred Unlock inside a loop runs only when the function returns',
    docs: {
      why:
        'A deferred call runs when the surrounding function returns, not at the end of the loop iteration. ' +
        '`for ... { mu.Lock(); defer mu.Unlock(); ... }` keeps the mutex locked after the first iteration, and the ' +
        'second iteration blocks forever on its own Lock (every other goroutine that needs the mutex hangs with ' +
        'it). With a read lock, the read locks pile up until the function returns and the loop deadlocks as soon as ' +
        'a writer starts waiting. A deferred Unlock in a loop around a Lock taken before the loop unlocks once per ' +
        'iteration at return: the second Unlock is `fatal error: sync: unlock of unlocked mutex`.\n\n' +
        'Not reported: locking every element on purpose (`for _, s := range shards { s.mu.Lock(); defer ' +
        's.mu.Unlock() }`, a different mutex each iteration), loop bodies that always return or break after the ' +
        'defer, and defers inside a function literal called per iteration (the usual fix).',
      bad: `package p

import "sync"

type Ledger struct {
	mu      sync.Mutex
	balance map[string]int
}

func (l *Ledger) Apply(deltas map[string]int) {
	for acct, d := range deltas {
		l.mu.Lock()
		defer l.mu.Unlock()
		l.balance[acct] += d
	}
}
`,
      good: `package p

import "sync"

type Ledger struct {
	mu      sync.Mutex
	balance map[string]int
}

func (l *Ledger) Apply(deltas map[string]int) {
	for acct, d := range deltas {
		func() {
			l.mu.Lock()
			defer l.mu.Unlock()
			l.balance[acct] += d
		}()
	}
}

type Shard struct {
	mu sync.Mutex
	m  map[string]int
}

// LockAll holds every shard until it returns: a different mutex each iteration.
func LockAll(shards []*Shard, f func()) {
	for _, s := range shards {
		s.mu.Lock()
		defer s.mu.Unlock()
	}
	f()
}
`,
      fix:
        'Unlock at the end of the iteration without defer, or move the loop body into a function (a function ' +
        'literal called on the spot) so that its defer runs per iteration. To hold the lock for the whole loop, ' +
        'lock and defer the unlock once, before the loop.',
      seeAlso: ['staticcheck SA5003, SA9001', 'gocritic deferInLoop', 'revive defer (loop)'],
    },
    messages: {
      relock:
        '`defer {unlock}` in a loop runs only when the function returns: the next iteration locks {lock} again ({lockedAt}) while it is still held and blocks forever',
      rlockPile:
        '`defer {unlock}` in a loop runs only when the function returns: read locks on {lock} ({lockedAt}) pile up, and the next RLock deadlocks once a writer waits',
      unlockTwice:
        '`defer {unlock}` in a loop unlocks {lock} (locked once, {lockedAt}) once per iteration at return: the second Unlock is fatal error "sync: unlock of unlocked mutex"',
    },
    help: {
      relock: 'Unlock at the end of each iteration, or move the body into a function literal called per iteration so that the defer runs each time.',
      rlockPile: 'RUnlock at the end of each iteration, or move the body into a function literal called per iteration.',
      unlockTwice: 'Defer the unlock once, before the loop, next to the Lock.',
    },
    fix: 'none',
    i18n: {
      'zh-CN': {
        title: '在循环中 defer 解锁',
        why: 'defer 的调用在外层函数返回时才执行，而不是在本轮循环结束时执行。`for ... { mu.Lock(); defer mu.Unlock(); ... }` 在第一轮之后 mutex 一直是锁住的，第二轮在自己的 Lock 上永远阻塞（所有需要这把锁的 goroutine 也跟着卡住）。如果是读锁，读锁会一直累积到函数返回，一旦有写者开始等待，循环就会死锁。如果 Lock 在循环之前，而循环里 defer 了 Unlock，函数返回时每轮都会解锁一次：第二次 Unlock 就是 `fatal error: sync: unlock of unlocked mutex`。\n\n不报告的情况：有意逐个锁住每个元素（`for _, s := range shards { s.mu.Lock(); defer s.mu.Unlock() }`，每轮是不同的 mutex）、defer 之后总会 return 或 break 的循环体，以及每轮调用的函数字面量里的 defer（这正是常见的修法）。',
        fix: '在本轮结束时直接解锁而不用 defer，或者把循环体放进一个函数（就地调用的函数字面量），让其中的 defer 每轮都执行。如果要在整个循环期间持有锁，就在循环之前加锁并 defer 解锁一次。',
        messages: {
          relock: '循环中的 `defer {unlock}` 要到函数返回时才执行：下一轮在 {lock} 仍被持有时再次加锁（{lockedAt}），会永远阻塞',
          rlockPile: '循环中的 `defer {unlock}` 要到函数返回时才执行：{lock} 的读锁（{lockedAt}）不断累积，一旦有写者等待，下一次 RLock 就会死锁',
          unlockTwice: '循环中的 `defer {unlock}` 在返回时每轮都解锁一次 {lock}（只加锁了一次，{lockedAt}）：第二次 Unlock 会导致 fatal error "sync: unlock of unlocked mutex"',
        },
        help: {
          relock: '在每轮结束时解锁，或者把循环体移进每轮调用的函数字面量，让 defer 每轮都执行。',
          rlockPile: '在每轮结束时 RUnlock，或者把循环体移进每轮调用的函数字面量。',
          unlockTwice: '在循环之前、紧挨着 Lock 只 defer 一次解锁。',
        },
      },
    },
    since: '0.1.0',
    mentions: ['Lock()', 'lock()'],
  },
  checkPackage(ctx) {
    const pkg = ctx.pkg;
    // each defer belongs to the innermost function around it (a deferred literal's defers to the literal)
    for (const stmt of pkg.nodesOfKind('DeferStmt')) {
      const fn = pkg.enclosingFunction(stmt);
      if (fn === null || skipFile(pkg.fileOfNode(stmt))) continue;
      checkDefer(ctx, fn, stmt);
    }
  },
});

function checkDefer(ctx: RuleContext, fn: FuncNode, stmt: ast.DeferStmt): void {
  const loop = loopAround(stmt, fn);
  if (!loop || leavesAfter(loop, stmt)) return;
  for (const ref of deferredUnlocks(ctx.pkg, stmt)) {
    const unlock = ctx.pkg.fileOfNode(stmt)?.src.slice(stmt.call.pos, stmt.call.end) ?? '';
    const text = unlock.includes('\n') ? `${ref.display}.Unlock()` : unlock;
    const inLoop = lockInLoop(ctx, loop, stmt, ref);
    if (inLoop) {
      // a different mutex each iteration (lock every shard, release at return)
      if (ref.instanceKey.includes('[]') || rebound(ctx, fn, ref.instanceKey, inLoop.pos, stmt)) continue;
      const read = lockOp(ctx.pkg, inLoop)?.kind === 'rlock';
      ctx.report({
        node: stmt,
        messageId: read ? 'rlockPile' : 'relock',
        data: { unlock: text, lock: ref.display, lockedAt: where(ctx, stmt, inLoop) },
        related: [
          { node: inLoop, message: `${ref.display} is ${read ? 'read-' : ''}locked here on every iteration` },
          { node: loop, message: 'in this loop' },
        ],
      });
      return;
    }
    const before = holds(LockFlow.of(ctx.pkg).at(fn, loop), ref);
    if (before?.at && !before.deferred && isSyncLockCall(ctx.pkg, before.at)) {
      ctx.report({
        node: stmt,
        messageId: 'unlockTwice',
        data: { unlock: text, lock: ref.display, lockedAt: where(ctx, stmt, before.at) },
        related: [
          { node: before.at, message: `${ref.display} is locked once here, before the loop` },
          { node: loop, message: 'the loop registers one deferred unlock per iteration' },
        ],
      });
      return;
    }
  }
}

/** The innermost loop around the defer in the same function. */
function loopAround(stmt: ast.Node, fn: FuncNode): Loop | null {
  for (let n = stmt.parent; n !== undefined && n !== fn; n = n.parent) {
    if (n.kind === 'FuncLit') return null;
    if (n.kind === 'ForStmt' || n.kind === 'RangeStmt') return n;
  }
  return null;
}

/** A Lock/RLock of the same mutex in the loop body before the defer. */
function lockInLoop(ctx: RuleContext, loop: Loop, stmt: ast.DeferStmt, ref: LockRef): ast.CallExpr | null {
  let found: ast.CallExpr | null = null;
  inspect(loop.body, (n) => {
    if (found || n.kind === 'FuncLit' || n.pos >= stmt.pos) return false;
    if (n.kind === 'CallExpr') {
      const op = lockOp(ctx.pkg, n);
      if (op && (op.kind === 'lock' || op.kind === 'rlock') && op.ref.instanceKey === ref.instanceKey && isSyncLockCall(ctx.pkg, n))
        found = n;
    }
    return true;
  });
  return found;
}

/**
 * True when no iteration comes back after the defer: the loop body ends in a return, a
 * panic or a break of this loop, and no `continue` of this loop follows the defer.
 */
function leavesAfter(loop: Loop, stmt: ast.DeferStmt): boolean {
  const last = loop.body.list[loop.body.list.length - 1];
  if (!last) return false;
  const ends =
    last.kind === 'ReturnStmt' ||
    (last.kind === 'BranchStmt' && last.tok === Tok.BREAK && !last.label) ||
    (last.kind === 'ExprStmt' && last.x.kind === 'CallExpr' && last.x.fun.kind === 'Ident' && last.x.fun.name === 'panic');
  if (!ends) return false;
  let continues = false;
  inspect(loop.body, (n) => {
    if (continues || n.kind === 'FuncLit') return false;
    if (n !== loop.body && (n.kind === 'ForStmt' || n.kind === 'RangeStmt' || n.kind === 'SwitchStmt' || n.kind === 'SelectStmt')) {
      // an unlabelled continue inside a nested loop belongs to that loop
      if (n.kind === 'ForStmt' || n.kind === 'RangeStmt') return labelledContinues(n, loop, stmt, () => (continues = true));
    }
    if (n.kind === 'BranchStmt' && n.tok === Tok.CONTINUE && n.pos > stmt.pos) continues = true;
    return true;
  });
  return !continues;
}

function labelledContinues(inner: Loop, outer: Loop, stmt: ast.DeferStmt, found: () => void): boolean {
  const label = outer.parent?.kind === 'LabeledStmt' ? outer.parent.label.name : null;
  if (label === null) return false;
  inspect(inner, (n) => {
    if (n.kind === 'BranchStmt' && n.tok === Tok.CONTINUE && n.label?.name === label && n.pos > stmt.pos) found();
    return n.kind !== 'FuncLit';
  });
  return false;
}
