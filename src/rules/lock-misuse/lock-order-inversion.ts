import type * as ast from '../../parse/ast.js';
import { defineRule } from '../../engine/rule.js';
import { LockFlow } from '../../model/lockflow.js';
import type { Hold, LockRef, LockSet } from '../../model/locks.js';
import type { PackageModel } from '../../model/package.js';
import type { Binding, FuncNode } from '../../model/scope.js';
import { TypeInfo } from '../../model/typeinfo.js';
import { deref } from '../../model/types.js';
import { funcName, isSyncLockCall, skipFile, where } from './lock-text.js';

/** "b is taken while a is held", with where each happened. */
interface OrderEdge {
  outer: Hold & { at: ast.CallExpr };
  inner: LockRef;
  innerMode: 'w' | 'r';
  /** The call that takes `inner` (a Lock, or a call of a function that locks it). */
  call: ast.CallExpr;
  /** The Lock call that takes `inner`, possibly inside a callee. */
  site: ast.CallExpr;
  fn: FuncNode;
  /** Everything held at `call`, to recognise a gate lock that serialises both orders. */
  held: LockSet;
}

export default defineRule({
  meta: {
    id: 'lock-order-inversion',
    family: 'lock-misuse',
    severity: 'error',
    category: 'correctness',
    title: 'two mutexes locked in opposite orders in different places (AB-BA deadlock)',
    docs: {
      why:
        'When one code path locks A and then B while another locks B and then A, two goroutines running them at ' +
        'the same time can each take their first lock and wait forever for the other one: the classic AB-BA ' +
        'deadlock. It needs unlucky timing, so it passes tests and hangs in production, with goroutines stuck in ' +
        '`sync.(*Mutex).Lock` in both functions.\n\n' +
        'Mutexes are compared by declaration (field `T.mu`, package variable), as lock-ordering checkers do, and ' +
        'an acquisition counts when the other mutex is held on every path to it — including acquisitions inside ' +
        'the package functions called with the lock held. Not reported: two instances of the same field (`a.mu`, ' +
        '`b.mu`), read locks on both sides, and orders serialised by a third lock held in both places.',
      bad: `package p

import "sync"

type Account struct {
	mu      sync.Mutex
	balance int
}

type Ledger struct {
	mu      sync.Mutex
	entries []int
}

func Deposit(a *Account, l *Ledger, n int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	l.mu.Lock()
	defer l.mu.Unlock()
	a.balance += n
	l.entries = append(l.entries, n)
}

func Audit(a *Account, l *Ledger) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(l.entries) > 0 && a.balance >= 0
}
`,
      good: `package p

import "sync"

type Account struct {
	mu      sync.Mutex
	balance int
}

type Ledger struct {
	mu      sync.Mutex
	entries []int
}

// Lock order: Account.mu, then Ledger.mu.

func Deposit(a *Account, l *Ledger, n int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	l.mu.Lock()
	defer l.mu.Unlock()
	a.balance += n
	l.entries = append(l.entries, n)
}

func Audit(a *Account, l *Ledger) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.entries) > 0 && a.balance >= 0
}
`,
      fix: 'Pick one global order for the two mutexes (document it next to their declarations) and take them in that order everywhere; or release the first lock before taking the second.',
      seeAlso: ['GCatch conflictinglock', 'Linux lockdep'],
    },
    messages: {
      inversion:
        '{inner} is locked while holding {outer}, but {otherFn} locks them in the opposite order ({outer} while holding {inner}, {otherAt}): two goroutines running both can deadlock',
    },
    help: {
      inversion: 'Take {outer} and {inner} in one documented order everywhere, or release one before taking the other.',
    },
    fix: 'none',
    i18n: {
      'zh-CN': {
        title: '两个 mutex 在不同地方以相反的顺序加锁（AB-BA 死锁）',
        why: '当一条代码路径先锁 A 再锁 B，而另一条先锁 B 再锁 A 时，两个同时运行它们的 goroutine 可能各自拿到第一把锁，然后永远等待对方：经典的 AB-BA 死锁。它需要不凑巧的时序，所以测试能通过，到了生产环境却会卡住，两个函数中的 goroutine 都卡在 `sync.(*Mutex).Lock`。\n\n和其他锁顺序检查工具一样，mutex 按声明来比较（字段 `T.mu`、包级变量）；当到达某次加锁的每条路径上都持有另一个 mutex 时，这次加锁才算数——包括持锁时调用的包内函数中的加锁。不报告的情况：同一字段的两个实例（`a.mu`、`b.mu`）、两边都是读锁，以及两处都持有的第三把锁已经把顺序串行化了。',
        fix: '为这两个 mutex 规定一个全局顺序（写在它们的声明旁边），所有地方都按这个顺序加锁；或者在获取第二把锁之前释放第一把。',
        messages: {
          inversion: '持有 {outer} 时对 {inner} 加锁，但 {otherFn} 以相反的顺序加锁（持有 {inner} 时锁 {outer}，{otherAt}）：两个 goroutine 分别运行它们时可能死锁',
        },
        help: {
          inversion: '所有地方都按同一个（写进文档的）顺序获取 {outer} 和 {inner}，或者在获取其中一个之前释放另一个。',
        },
      },
    },
    since: '0.1.0',
    mentions: ['Lock()', 'lock()'],
  },
  checkPackage(ctx) {
    const pkg = ctx.pkg;
    const flow = LockFlow.of(pkg);
    const edges = new Map<string, OrderEdge>();
    const classOf = lockClasses(pkg);
    for (const fn of pkg.functions) {
      if (skipFile(pkg.fileOfNode(fn)) || !fn.body) continue;
      if (flow.neverHolds(fn)) continue; // every lock set below would be empty
      const trace = flow.trace(fn);
      const calls = [...trace.beforeCall].sort(([a], [b]) => a.pos - b.pos);
      for (const [call, before] of calls) {
        if (before.length === 0) continue;
        for (const acq of flow.acquisitionsOf(call)) {
          if (!isSyncLockCall(pkg, acq.site)) continue;
          const innerClass = classOf(acq.ref);
          for (const h of before) {
            const outerClass = classOf(h.ref);
            if (h.at === null || h.ref.typeKey === acq.ref.typeKey || outerClass === innerClass) continue;
            const key = `${outerClass}\u0000${innerClass}`;
            if (edges.has(key)) continue;
            edges.set(key, {
              outer: h as Hold & { at: ast.CallExpr },
              inner: acq.ref,
              innerMode: acq.mode,
              call,
              site: acq.site,
              fn,
              held: before,
            });
          }
        }
      }
    }
    const reported = new Set<string>();
    for (const [key, e] of edges) {
      const [a, b] = key.split('\u0000') as [string, string];
      const other = edges.get(`${b}\u0000${a}`);
      const pair = a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
      if (!other || reported.has(pair)) continue;
      // read locks on every side do not block each other
      if (e.outer.mode === 'r' && e.innerMode === 'r' && other.outer.mode === 'r' && other.innerMode === 'r') continue;
      if (gated(e, other)) continue;
      reported.add(pair);
      // report at the edge found first in source order; the other is related
      const [first, second] =
        e.call.pos <= other.call.pos || pkg.fileOfNode(e.call) !== pkg.fileOfNode(other.call) ? [e, other] : [other, e];
      ctx.report({
        node: first.call,
        messageId: 'inversion',
        data: {
          inner: first.inner.display,
          outer: first.outer.ref.display,
          otherFn: funcName(second.fn),
          otherAt: where(ctx, first.call, second.call),
        },
        related: [
          { node: first.outer.at, message: `${first.outer.ref.display} is locked first here` },
          ...(first.site !== first.call ? [{ node: first.site, message: `${first.inner.display} is locked here, inside the call` }] : []),
          { node: second.outer.at, message: `${funcName(second.fn)} locks ${second.outer.ref.display} first` },
          { node: second.call, message: `and then ${second.inner.display} here` },
        ],
      });
    }
  },
});

/**
 * The class of a mutex for ordering: the field path from the named type of the variable it is
 * reached through (`Conn.in.Mutex` and `Conn.out.Mutex` are two classes although both are the
 * Mutex embedded in halfConn); package variables are their own class.
 */
function lockClasses(pkg: PackageModel): (ref: LockRef) => string {
  let byId: Map<number, Binding> | null = null;
  const ti = TypeInfo.of(pkg);
  return (ref) => {
    const m = /^var:(\d+)((?:\.\w+)*)$/.exec(ref.instanceKey);
    if (!m) return ref.typeKey;
    if (byId === null) {
      byId = new Map();
      for (const id of pkg.nodesOfKind('Ident')) {
        const b = pkg.bindingOf(id);
        if (b) byId.set(b.id, b);
      }
    }
    const b = byId.get(Number(m[1]));
    if (!b || b.role === 'package' || m[2] === '') return b?.role === 'package' ? ref.instanceKey : ref.typeKey;
    const t = deref(ti.bindingType(b));
    return t.k === 'named' ? `${t.pkg}.${t.name}${m[2]}` : ref.typeKey;
  };
}

/** A third lock held at both inner acquisitions serialises the two orders. */
function gated(a: OrderEdge, b: OrderEdge): boolean {
  const pairKeys = new Set([a.outer.ref.typeKey, a.inner.typeKey]);
  return a.held.some(
    (h) => !pairKeys.has(h.ref.typeKey) && h.mode === 'w' && b.held.some((o) => o.ref.typeKey === h.ref.typeKey && o.mode === 'w'),
  );
}
