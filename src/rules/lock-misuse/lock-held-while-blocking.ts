import type * as ast from '../../parse/ast.js';
import { defineRule, type RuleContext } from '../../engine/rule.js';
import { BLOCKING_KIND_TEXT, type BlockingKind } from '../../knowledge/blocking.js';
import { isMethodOn } from '../../model/calls.js';
import { builtinName } from '../../model/calls.js';
import { type ChanOp, chanOpsIn, chanOrigin, chanBinding } from '../../model/channels.js';
import { Facts } from '../../model/facts.js';
import { LockFlow } from '../../model/lockflow.js';
import type { Hold, LockSet } from '../../model/locks.js';
import type { FuncNode } from '../../model/scope.js';
import { makeChanCapacity, TypeInfo, unparenExpr } from '../../model/typeinfo.js';
import { deref } from '../../model/types.js';
import { kindSet } from '../../parse/walk.js';
import { isWaitGroupCall, syncKey, waitGroupOf, workerLockBeforeSignal, workersSignalling } from '../../model/waitgroups.js';
import { baseBindingId, funcName, skipFile, text, where } from './lock-text.js';

/** Blocking kinds worth a finding under a lock: file I/O under a mutex is usually the point (serialised writes). */
const REPORTED: ReadonlySet<string> = new Set<BlockingKind>(['sleep', 'network', 'process', 'wait']);
/** Where a channel field gets its value: assignments and keyed literal elements. */
const FIELD_STORES = kindSet(['AssignStmt', 'KeyValueExpr']);

export default defineRule({
  meta: {
    id: 'lock-held-while-blocking',
    family: 'lock-misuse',
    severity: 'warning',
    category: 'correctness',
    title: 'mutex held across a blocking operation (sleep, network, wait, or a channel operation whose partner needs the lock)',
    docs: {
      why:
        'Every goroutine that needs a mutex waits as long as its holder does. Holding one across time.Sleep, a ' +
        'network call, a process wait or wg.Wait turns a short critical section into a convoy: latency of every ' +
        'caller grows to the slowest network round trip, and a hung peer hangs the whole service. Worse, a channel ' +
        'send or receive under a lock deadlocks when the goroutine on the other side of the channel needs that ' +
        'same lock to get to its receive or send — the sender waits for the receiver, the receiver waits for the ' +
        'lock (the mixed lock/channel deadlocks found in Docker, Kubernetes and etcd).\n\n' +
        'Blocking calls are the standard library calls known to block (time.Sleep, net and net/http, os/exec, ' +
        'database/sql, WaitGroup/errgroup Wait, semaphore Acquire) and package functions that reach one. Channel ' +
        'operations are reported only with evidence of a deadlock: a partner operation on the same channel made ' +
        'while holding the same mutex, or in a loop that takes that mutex before it. Not reported: sync.Cond.Wait ' +
        '(it releases its lock), operations in a select with a default case, buffered channels, file I/O.',
      bad: `package p

import (
	"sync"
	"time"
)

type Limiter struct {
	mu   sync.Mutex
	last time.Time
}

func (l *Limiter) Wait(every time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if d := every - time.Since(l.last); d > 0 {
		time.Sleep(d)
	}
	l.last = time.Now()
}
`,
      good: `package p

import (
	"sync"
	"time"
)

type Limiter struct {
	mu   sync.Mutex
	next time.Time
}

func (l *Limiter) Wait(every time.Duration) {
	l.mu.Lock()
	now := time.Now()
	at := l.next
	if at.Before(now) {
		at = now
	}
	l.next = at.Add(every)
	l.mu.Unlock()
	time.Sleep(time.Until(at))
}
`,
      fix:
        'Copy what you need under the lock, unlock, then block; or compute the wait under the lock and sleep after ' +
        'unlocking. For channels, send or receive after releasing the mutex, or make sure the other side never needs it.',
      seeAlso: ['staticcheck has no equivalent; GCatch BMOC (mixed channel/lock)', 'https://go.dev/wiki/MutexOrChannel'],
    },
    messages: {
      blocks: '{what} {verb} while {lock} is held (locked at {lockedAt}): every goroutine that needs {lock} waits as long',
      channel:
        '{op} while holding {lock} (locked at {lockedAt}), but the goroutine on the other side ({partnerFn}, {partnerAt}) needs {lock} to reach its {partnerOp}: deadlock',
    },
    help: {
      blocks:
        'Release {lock} before the blocking call (copy the state you need first), or move the blocking work out of the critical section.',
      channel: 'Move the {op} after {lock}.Unlock(), or restructure the other side so it does not need {lock} before its {partnerOp}.',
    },
    fix: 'none',
    i18n: {
      'zh-CN': {
        title: '持有 mutex 期间执行阻塞操作（sleep、网络、等待，或对端需要这把锁的 channel 操作）',
        why: '每个需要 mutex 的 goroutine 都要等到持锁者释放为止。在 time.Sleep、网络调用、进程等待或 wg.Wait 期间持有锁，会把短小的临界区变成锁护航：所有调用方的延迟都被拉长到最慢的那次网络往返，一个卡住的对端就能让整个服务卡住。更糟的是，持锁时做 channel 发送或接收，如果 channel 另一端的 goroutine 需要同一把锁才能走到它的接收或发送，就会死锁——发送方等接收方，接收方等锁（Docker、Kubernetes 和 etcd 中发现过的锁与 channel 混合死锁）。\n\n阻塞调用指已知会阻塞的标准库调用（time.Sleep、net 和 net/http、os/exec、database/sql、WaitGroup/errgroup 的 Wait、semaphore 的 Acquire），以及会调用到它们的包内函数。channel 操作只在有死锁证据时报告：在持有同一个 mutex 时对同一个 channel 做的对端操作，或者处在一个先获取这个 mutex 的循环里。不报告的情况：sync.Cond.Wait（它会释放锁）、带 default 分支的 select 中的操作、带缓冲的 channel、文件 I/O。',
        fix: '在锁内复制需要的数据，解锁，然后再阻塞；或者在锁内算出要等待多久，解锁后再 sleep。对于 channel，在释放 mutex 之后再发送或接收，或者确保另一端永远不需要这把锁。',
        messages: {
          blocks: '持有 {lock}（在 {lockedAt} 加锁）时 {what} {verb}：所有需要 {lock} 的 goroutine 都要等同样久',
          channel: '持有 {lock}（在 {lockedAt} 加锁）时执行了 {op}，但另一端的 goroutine（{partnerFn}，{partnerAt}）需要 {lock} 才能执行到它的 {partnerOp}：死锁',
        },
        help: {
          blocks: '在阻塞调用之前释放 {lock}（先复制需要的状态），或者把阻塞的工作移出临界区。',
          channel: '把 {op} 移到 {lock}.Unlock() 之后，或者调整另一端，让它在 {partnerOp} 之前不需要 {lock}。',
        },
      },
    },
    since: '0.1.0',
    mentions: ['Lock()', 'lock()'],
  },
  checkPackage(ctx) {
    const pkg = ctx.pkg;
    const facts = Facts.of(pkg);
    const flow = LockFlow.of(pkg);
    let index: ChanIndex | null = null;
    for (const fn of pkg.functions) {
      if (skipFile(pkg.fileOfNode(fn)) || !fn.body) continue;
      if (flow.neverHolds(fn)) continue; // every lock set below would be empty
      const trace = flow.trace(fn);
      for (const [call, before] of trace.beforeCall) {
        const held = heldLocks(before);
        if (held.length === 0) continue;
        // tests hold locks across sleeps and dials on purpose, to create contention
        if (pkg.fileOfNode(fn)?.isTest) break;
        const b = facts.blockingCall(call);
        if (!b || !REPORTED.has(b.kind) || waitsOnCond(ctx, call, 0)) continue;
        const h0 = held[0]!;
        if (b.kind !== 'sleep' && b.kind !== 'wait' && ownersOwnIO(ctx, call, h0.ref.instanceKey)) continue;
        if (isWaitGroupCall(pkg, call, 'Wait') && workersNeedHeldLock(ctx, call, held)) continue; // waitgroup-wait-under-lock
        const h = h0;
        ctx.report({
          node: call,
          messageId: 'blocks',
          data: { what: b.what, verb: BLOCKING_KIND_TEXT[b.kind as BlockingKind], lock: h.ref.display, lockedAt: where(ctx, call, h.at) },
          related: [{ node: h.at, message: `${h.ref.display} is locked here` }],
        });
      }
      const ops = chanOpsIn(pkg, fn);
      if (ops.length === 0) continue;
      index ??= chanOpIndex(ctx);
      for (const op of ops) reportChannelDeadlock(ctx, fn, op, index);
    }
  },
});

type ChanIndex = Map<string, { fn: FuncNode; op: ChanOp }[]>;

/** Every blocking channel operation of the package by channel key. */
function chanOpIndex(ctx: RuleContext): ChanIndex {
  const out: ChanIndex = new Map();
  for (const fn of ctx.pkg.functions) {
    for (const op of chanOpsIn(ctx.pkg, fn)) {
      if (op.kind === 'close' || op.nonBlocking) continue;
      const key = syncKey(ctx.pkg, op.chan);
      const list = out.get(key);
      if (list) list.push({ fn, op });
      else out.set(key, [{ fn, op }]);
    }
  }
  return out;
}

/** sync.Cond.Wait releases its own lock: waiting on a condition is not blocking under a lock, also when a callee does it. */
function waitsOnCond(ctx: RuleContext, call: ast.CallExpr, depth: number): boolean {
  if (isMethodOn(ctx.pkg, call, 'sync', 'Cond', 'Wait')) return true;
  const callee = TypeInfo.of(ctx.pkg).callee(call);
  const inner = callee && depth < 6 ? Facts.of(ctx.pkg).of(callee).blocks : null;
  return inner?.node.kind === 'CallExpr' && waitsOnCond(ctx, inner.node, depth + 1);
}

/**
 * A method of the object that owns the mutex doing its own I/O (`c.flush()` under
 * `c.handshakeMutex`, `w.connect()` under `w.mu`): the mutex exists to serialise that I/O.
 */
function ownersOwnIO(ctx: RuleContext, call: ast.CallExpr, lockKey: string): boolean {
  const fun = unparenExpr(call.fun);
  if (fun.kind !== 'SelectorExpr') return false;
  // the owner's own method, or a read/write on the connection it holds; not its HTTP client or database
  const ti = TypeInfo.of(ctx.pkg);
  const recv = deref(ti.typeOf(fun.x));
  const ownMethod = ti.callee(call) !== null;
  const ownConn = recv.k === 'named' && recv.pkg === 'net';
  if (!ownMethod && !ownConn) return false;
  let base: ast.Expr = fun.x;
  while (true) {
    const x = unparenExpr(base);
    if (x.kind === 'SelectorExpr') base = x.x;
    else break;
  }
  const root = unparenExpr(base);
  const id = root.kind === 'Ident' ? (ctx.pkg.bindingOf(root) as { id?: number } | undefined)?.id : undefined;
  return id !== undefined && baseBindingId(lockKey) === id;
}

function heldLocks(state: LockSet): (Hold & { at: ast.CallExpr })[] {
  return state.filter((h): h is Hold & { at: ast.CallExpr } => h.at !== null);
}

function workersNeedHeldLock(ctx: RuleContext, wait: ast.CallExpr, held: Hold[]): boolean {
  const wg = waitGroupOf(wait);
  if (!wg) return false;
  const key = syncKey(ctx.pkg, wg);
  return workersSignalling(ctx.pkg, key).some((w) => held.some((h) => workerLockBeforeSignal(ctx.pkg, w, h.ref, key) !== null));
}

/** A blocking channel operation under a lock whose partner operation needs the same lock. */
function reportChannelDeadlock(ctx: RuleContext, fn: FuncNode, op: ChanOp, index: ChanIndex): void {
  if (op.kind === 'close' || op.select !== null) return;
  const pkg = ctx.pkg;
  const flow = LockFlow.of(pkg);
  const held = heldLocks(flow.at(fn, op.node));
  if (held.length === 0 || !knownUnbuffered(ctx, op.chan)) return;
  const key = syncKey(pkg, op.chan);
  const wantPartner = op.kind === 'send' ? ['recv', 'range'] : ['send'];
  for (const { fn: other, op: p } of index.get(key) ?? []) {
    if (other === fn) continue;
    {
      if (!wantPartner.includes(p.kind)) continue;
      const siblings = (index.get(key) ?? []).filter((x) => x.fn === other && x.op.kind !== op.kind).map((x) => x.op.node);
      const need = partnerNeeds(ctx, other, p, held, siblings);
      if (!need) continue;
      const opText = op.kind === 'send' ? `send on ${text(ctx, op.chan)}` : `receive from ${text(ctx, op.chan)}`;
      const partnerOp = p.kind === 'send' ? 'send' : 'receive';
      ctx.report({
        node: op.node,
        messageId: 'channel',
        severity: 'error',
        data: {
          op: opText,
          lock: need.display,
          lockedAt: where(ctx, op.node, need.at),
          partnerFn: funcName(other),
          partnerAt: where(ctx, op.node, p.node),
          partnerOp,
        },
        related: [
          { node: need.at, message: `${need.display} is locked here` },
          { node: need.partnerLock, message: `the other side takes ${need.display} here` },
          { node: p.node, message: `before its ${partnerOp} here` },
        ],
      });
      return;
    }
  }
}

interface Need {
  display: string;
  at: ast.CallExpr;
  partnerLock: ast.Node;
}

/** The held lock the partner needs: held at its operation, or taken earlier in the loop around it. */
function partnerNeeds(ctx: RuleContext, fn: FuncNode, p: ChanOp, held: (Hold & { at: ast.CallExpr })[], siblings: ast.Node[]): Need | null {
  const flow = LockFlow.of(ctx.pkg);
  const there = flow.at(fn, p.node);
  for (const h of held) {
    const same = there.find((o) => o.ref.typeKey === h.ref.typeKey && o.at !== null);
    if (same) return { display: h.ref.display, at: h.at, partnerLock: same.at! };
  }
  // or the partner's loop takes the lock (and lets it go) before coming back to its operation,
  // with no other operation on the channel earlier in the iteration that could meet ours
  const loop = enclosingLoop(p.node, fn);
  if (!loop || siblings.some((o) => o !== p.node && o.pos >= loop.body.pos && o.pos < p.node.pos)) return null;
  const trace = flow.trace(fn);
  for (const call of [...trace.beforeCall.keys()].sort((a, b) => a.pos - b.pos)) {
    if (call.pos < loop.body.pos || call.pos > p.node.pos) continue;
    for (const acq of flow.acquisitionsOf(call)) {
      const h = held.find((x) => x.ref.typeKey === acq.ref.typeKey);
      if (h) return { display: h.ref.display, at: h.at, partnerLock: call };
    }
  }
  return null;
}

function enclosingLoop(node: ast.Node, fn: FuncNode): ast.ForStmt | ast.RangeStmt | null {
  for (let n = node.parent; n !== undefined && n !== fn; n = n.parent) {
    if (n.kind === 'ForStmt' || n.kind === 'RangeStmt') return n;
  }
  return null;
}

/**
 * True when every channel the expression can hold is made unbuffered in this package: a local
 * `make(chan T)`, or a struct field only ever assigned `make(chan T)`. Buffered channels (often
 * a one-slot token used as a lock) only block when full.
 */
function knownUnbuffered(ctx: RuleContext, ch: ast.Expr): boolean {
  const pkg = ctx.pkg;
  const b = chanBinding(pkg, ch);
  if (b) return chanOrigin(pkg, b)?.capacity === 0;
  const key = syncKey(pkg, ch);
  if (!key.startsWith('field:')) return false;
  return pkg.analysis(`rule:unbuffered-field:${key}`, () => {
    const field = key.slice(key.lastIndexOf('.') + 1);
    let made = 0;
    let other = false;
    const check = (value: ast.Expr): void => {
      const v = unparenExpr(value);
      const cap = v.kind === 'CallExpr' && builtinName(pkg, v) === 'make' ? makeChanCapacity(v) : undefined;
      if (cap === 0) made++;
      else if (v.kind !== 'Ident' || v.name !== 'nil') other = true;
    };
    pkg.eachNodeOfKinds(FIELD_STORES, (n) => {
      if (n.kind === 'AssignStmt' && n.lhs.length === n.rhs.length) {
        n.lhs.forEach((l, i) => {
          if (l.kind === 'SelectorExpr' && l.sel.name === field && syncKey(pkg, l) === key) check(n.rhs[i]!);
        });
      } else if (n.kind === 'KeyValueExpr' && n.key.kind === 'Ident' && n.key.name === field && n.parent?.kind === 'CompositeLit') {
        const owner = n.parent.type ? TypeInfo.of(pkg).typeFromExpr(n.parent.type) : null;
        if (owner?.k === 'named' && key === `field:${owner.name}.${field}`) check(n.value);
      }
    });
    return made > 0 && !other;
  });
}
