import type * as ast from '../../parse/ast.js';
import { defineRule } from '../../engine/rule.js';
import { atomics, type AtomicAccess } from '../../model/atomics.js';
import { builtinName } from '../../model/calls.js';
import { elementsOf, placeOf } from '../../model/memref.js';
import type { PackageModel } from '../../model/package.js';
import { TypeInfo, unparenExpr } from '../../model/typeinfo.js';
import { Tok } from '../../parse/token.js';
import { inspect } from '../../parse/walk.js';
import { sourceText } from '../map-concurrency/race-report.js';

export default defineRule({
  meta: {
    id: 'atomic-time-bucket-never-reset',
    family: 'sync-pool-atomic',
    severity: 'error',
    category: 'correctness',
    title: 'time-bucketed atomic counters that are never reset',
    docs: {
      why:
        'A sliding-window counter that indexes a fixed array of slots by `time % N` comes back to the same slot every ' +
        'cycle. If the slots are only ever incremented (atomic.Add) and never reset, each slot keeps the counts of ' +
        'every earlier cycle: after the first lap the window looks permanently full and the limiter rejects ' +
        'everything (a steady load at half the limit is fully admitted for two minutes, then fully rejected). Two ' +
        'companion defects usually come with it: the Add happens before the admission check and is never undone, so ' +
        'rejected calls still consume quota; and the check sums several separate atomic loads while other ' +
        'goroutines add, so the decision is not atomic and goroutines straddling a slot boundary see different ' +
        'windows.',
      bad: `package p

import (
	"sync/atomic"
	"time"
)

type SlidingWindowLimiter struct {
	windows [600]int64
}

func (l *SlidingWindowLimiter) Allow() bool {
	now := time.Now().UnixMilli()
	slot := (now / 100) % 600
	atomic.AddInt64(&l.windows[slot], 1)
	var total int64
	for i := 0; i < 10; i++ {
		idx := (slot - int64(i) + 600) % 600
		total += atomic.LoadInt64(&l.windows[idx])
	}
	return total <= 1000
}
`,
      good: `package p

import (
	"sync"
	"time"
)

type SlidingWindowLimiter struct {
	mu      sync.Mutex
	epochs  [10]int64
	counts  [10]int64
	limit   int64
}

func (l *SlidingWindowLimiter) Allow() bool {
	epoch := time.Now().UnixMilli() / 100
	l.mu.Lock()
	defer l.mu.Unlock()
	var total int64
	for i := range l.counts {
		if epoch-l.epochs[i] < 10 {
			total += l.counts[i]
		}
	}
	if total >= l.limit {
		return false
	}
	slot := epoch % 10
	if l.epochs[slot] != epoch {
		l.epochs[slot], l.counts[slot] = epoch, 0
	}
	l.counts[slot]++
	return true
}
`,
      fix:
        'Give each slot the epoch it counts for and reset it when the epoch changes (pack epoch and count into one uint64 and reset with CompareAndSwap, or use a mutex); ' +
        'count only admitted calls (CAS-increment while the total is under the limit, or Add(-1) on reject); sum only slots whose epoch is inside the window; ' +
        'or use golang.org/x/time/rate locally with a periodic quota sync between nodes.',
      seeAlso: ['seed 002 ch.1 (S002-1): the sliding-window limiter', 'golang.org/x/time/rate'],
    },
    messages: {
      bucket: 'time-bucketed counter {slots} is only ever added to: {reasons}',
    },
    help: {
      bucket:
        'store the slot\'s epoch with its count (one uint64, reset with CompareAndSwap when the epoch changed) or guard the window with a mutex; ' +
        'count only admitted calls (CAS-increment while under the limit, or Add(-1) on reject); sum only slots inside the window; or use golang.org/x/time/rate',
    },
    fix: 'none',
    i18n: {
      'zh-CN': {
        title: '按时间分桶的原子计数器从不清零',
        why: '用 `time % N` 索引固定数组槽位的滑动窗口计数器，每转一圈就回到同一个槽位。如果槽位只被递增（atomic.Add）而从不清零，每个槽位都累积着之前所有周期的计数：跑完第一圈后窗口看起来永远是满的，限流器拒绝一切请求（限额一半的稳定负载前两分钟全部放行，之后全部拒绝）。通常还伴随两个缺陷：Add 发生在准入判断之前且从不回退，被拒绝的请求也消耗配额；判断是把多个独立的原子读求和，而其他 goroutine 同时在加，因此决策不是原子的，处在槽位边界的 goroutine 看到的窗口也各不相同。',
        fix: '给每个槽位记录它所属的 epoch，并在 epoch 变化时清零（把 epoch 和计数打包进一个 uint64，用 CompareAndSwap 清零，或者用 mutex）；只统计被放行的调用（在未超限时用 CAS 递增，或拒绝时 Add(-1)）；求和时只计入 epoch 落在窗口内的槽位；或者在本地使用 golang.org/x/time/rate，节点之间定期同步配额。',
        messages: {
          bucket: '按时间分桶的计数器 {slots} 只加不减：{reasons}',
        },
        help: {
          bucket: '把槽位的 epoch 和计数存在一起（一个 uint64，epoch 变化时用 CompareAndSwap 清零），或用 mutex 保护整个窗口；只统计被放行的调用（未超限时 CAS 递增，或拒绝时 Add(-1)）；只对窗口内的槽位求和；或者使用 golang.org/x/time/rate',
        },
      },
    },
    since: '0.1.0',
    mentions: ['atomic.Add'],
  },
  checkPackage(ctx) {
    const pkg = ctx.pkg;
    const { ops } = atomics(pkg);
    const adds = ops.filter((o) => o.op === 'add' && timeIndexed(pkg, o));
    if (adds.length === 0) return;
    for (const add of adds) {
      const operand = unparenExpr(add.operand) as ast.UnaryExpr;
      const elem = unparenExpr(operand.x) as ast.IndexExpr;
      const slots = elementsOf(pkg, elem.x);
      if (!slots) continue;
      const whole = placeOf(pkg, elem.x);
      const sameSlots = (o: AtomicAccess): boolean => {
        const x = unparenExpr(o.operand);
        if (x.kind !== 'UnaryExpr' || x.op !== Tok.AND) return false;
        const y = unparenExpr(x.x);
        return y.kind === 'IndexExpr' && elementsOf(pkg, y.x)?.key === slots.key;
      };
      if (ops.some((o) => sameSlots(o) && (o.op === 'store' || o.op === 'swap' || o.op === 'cas'))) continue;
      if (plainReset(pkg, slots.key, whole?.key ?? null)) continue;
      const reasons = ['slots are never reset, so when the clock comes back to a slot it still holds the counts of every earlier cycle'];
      if (rejectsAfterAdd(pkg, add) && !ops.some((o) => sameSlots(o) && o.fn === add.fn && o.op === 'add' && o !== add)) {
        reasons.push('rejected calls are counted too (the Add comes before the check and is never undone), so overload feeds on itself');
      }
      const loads = ops.filter((o) => sameSlots(o) && o.op === 'load' && o.fn === add.fn && o.node.pos > add.node.pos);
      if (loads.some((l) => insideLoop(l.node, add.fn))) {
        reasons.push('the admission check sums separate atomic loads while other goroutines add, so the decision is not atomic and callers at a slot boundary see different windows');
      }
      ctx.report({
        node: add.call,
        messageId: 'bucket',
        data: { slots: sourceText(ctx, elem.x), reasons: reasons.join('; ') },
        related: loads.slice(0, 1).map((l) => ({ node: l.node, message: 'the window is summed here, one atomic load at a time' })),
      });
    }
  },
});

/** `&a[i]` where i comes from the clock, wrapped around (`% n`, `.Second()`). */
function timeIndexed(pkg: PackageModel, o: AtomicAccess): boolean {
  const x = unparenExpr(o.operand);
  if (x.kind !== 'UnaryExpr' || x.op !== Tok.AND) return false;
  const elem = unparenExpr(x.x);
  if (elem.kind !== 'IndexExpr') return false;
  const f = { time: false, wrap: false };
  derive(pkg, elem.index, f, 0);
  return f.time && f.wrap;
}

const CLOCK_METHODS = new Set(['Unix', 'UnixMilli', 'UnixMicro', 'UnixNano']);
const CYCLIC_METHODS = new Set(['Second', 'Minute', 'Hour', 'Nanosecond', 'YearDay', 'Weekday']);

function derive(pkg: PackageModel, e: ast.Expr, f: { time: boolean; wrap: boolean }, depth: number): void {
  if (depth > 4) return;
  inspect(e, (n) => {
    if (n.kind === 'BinaryExpr' && (n.op === Tok.REM || n.op === Tok.AND)) f.wrap = true;
    if (n.kind === 'CallExpr') {
      const q = TypeInfo.of(pkg).qualifiedCallee(n);
      if (q === 'time.Now' || q === 'time.Since') f.time = true;
      const fun = unparenExpr(n.fun);
      if (fun.kind === 'SelectorExpr' && CLOCK_METHODS.has(fun.sel.name)) f.time = true;
      if (fun.kind === 'SelectorExpr' && CYCLIC_METHODS.has(fun.sel.name)) {
        f.time = true;
        f.wrap = true;
      }
    }
    if (n.kind === 'Ident') {
      const b = pkg.bindingOf(n);
      if (b?.kind === 'var' && b.role === 'local' && b.source.k === 'init' && b.ident !== n) derive(pkg, b.source.expr, f, depth + 1);
      if (b?.kind === 'var' && b.role === 'param' && /^(now|ts|t|tick|at|when)$/i.test(b.name)) f.time = true;
    }
    return true;
  });
}

/** Elements of the slots written plainly (`w[i] = 0`), cleared, or the whole array replaced. */
function plainReset(pkg: PackageModel, slotsKey: string, wholeKey: string | null): boolean {
  let found = false;
  for (const fn of pkg.functions) {
    if (found || !fn.body) break;
    inspect(fn.body, (n) => {
      if (found || n.kind === 'FuncLit') return false;
      if (n.kind === 'AssignStmt') {
        for (const l of n.lhs) {
          const x = unparenExpr(l);
          if (x.kind === 'IndexExpr' && elementsOf(pkg, x.x)?.key === slotsKey) found = true;
          if (wholeKey !== null && (x.kind === 'SelectorExpr' || x.kind === 'Ident') && placeOf(pkg, x)?.key === wholeKey) found = true;
        }
      }
      if (n.kind === 'CallExpr' && builtinName(pkg, n) === 'clear' && n.args[0] && elementsOf(pkg, n.args[0])?.key === slotsKey) found = true;
      return true;
    });
  }
  return found;
}

/** After the Add, the function decides with a comparison (`return total <= limit`, `if total > limit { return false }`). */
function rejectsAfterAdd(pkg: PackageModel, add: AtomicAccess): boolean {
  if (!add.fn.body) return false;
  let found = false;
  inspect(add.fn.body, (n) => {
    if (found || n.kind === 'FuncLit') return false;
    if (n.pos < add.node.end) return n.end > add.node.end;
    if (n.kind === 'ReturnStmt' && n.results.some((r) => isComparison(unparenExpr(r)))) found = true;
    if (n.kind === 'IfStmt' && isComparison(unparenExpr(n.cond)) && n.body.list.some((s) => s.kind === 'ReturnStmt')) found = true;
    return true;
  });
  void pkg;
  return found;
}

function isComparison(e: ast.Expr): boolean {
  return e.kind === 'BinaryExpr' && (e.op === Tok.LSS || e.op === Tok.LEQ || e.op === Tok.GTR || e.op === Tok.GEQ);
}

function insideLoop(node: ast.Node, fn: ast.Node): boolean {
  for (let n = node.parent; n !== undefined && n !== fn; n = n.parent) if (n.kind === 'ForStmt' || n.kind === 'RangeStmt') return true;
  return false;
}
