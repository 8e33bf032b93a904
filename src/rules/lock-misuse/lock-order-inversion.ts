import type * as ast from '../../parse/ast.js';
import { defineRule } from '../../engine/rule.js';
import { LockFlow } from '../../model/lockflow.js';
import type { Hold, LockRef, LockSet } from '../../model/locks.js';
import type { PackageModel } from '../../model/package.js';
import type { Binding, FuncNode } from '../../model/scope.js';
import { TypeInfo } from '../../model/typeinfo.js';
import { deref } from '../../model/types.js';
import { inspect } from '../../parse/walk.js';
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
    since: '0.1.0',
  },
  checkPackage(ctx) {
    const pkg = ctx.pkg;
    const flow = LockFlow.of(pkg);
    const edges = new Map<string, OrderEdge>();
    const classOf = lockClasses(pkg);
    for (const fn of pkg.functions) {
      if (skipFile(pkg.fileOfNode(fn)) || !fn.body) continue;
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
      for (const f of pkg.files) {
        inspect(f.ast, (n) => {
          if (n.kind === 'Ident') {
            const b = pkg.bindingOf(n);
            if (b) byId!.set(b.id, b);
          }
          return true;
        });
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
