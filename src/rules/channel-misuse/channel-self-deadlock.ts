import type * as ast from '../../parse/ast.js';
import { defineRule, type RelatedSpec, type RuleContext } from '../../engine/rule.js';
import { Tok } from '../../parse/token.js';
import { inspect } from '../../parse/walk.js';
import { isNoReturnStmt } from '../../model/calls.js';
import { type LocalChan, localChans } from '../../model/chanscope.js';
import { runFlow } from '../../model/flow.js';
import { exitsOfLoop } from '../../model/chanloops.js';
import { exprText } from '../../model/facts.js';
import { functionLeaks, type SendGroup } from '../../model/leaks.js';
import type { PackageModel } from '../../model/package.js';
import type { FuncNode } from '../../model/scope.js';
import { unparenExpr } from '../../model/typeinfo.js';
import { funcName, lineOf } from '../goroutine-leak/leak-report.js';

export default defineRule({
  meta: {
    id: 'channel-self-deadlock',
    family: 'channel-misuse',
    severity: 'error',
    category: 'correctness',
    title: 'send or receive that can never complete because no other goroutine has the channel',
    docs: {
      why:
        'A send on an unbuffered channel waits for a receiver in another goroutine; a send on a full buffered channel ' +
        'waits for one to make room; a receive on an empty channel waits for a sender. When the channel was made in this ' +
        'function and no goroutine, call, struct or return ever got it, nobody else can do that: the operation blocks ' +
        'forever. In main that is "fatal error: all goroutines are asleep - deadlock!"; anywhere else the goroutine hangs ' +
        'silently.\n\n' +
        'Reported at the first operation that must block: `ch := make(chan int, 1); ch <- 1; ch <- 2` is reported at ' +
        'the second send, not the first. Channels inspected with len/cap, used in select cases, shared with goroutines ' +
        'or handed to other code are not judged.\n\n' +
        'The same deadlock with goroutines: the function starts senders that call `wg.Done()` after sending on an ' +
        'unbuffered channel, then calls `wg.Wait()` before receiving. The senders wait for the receiver, the receiver ' +
        'waits for the senders: reported at the Wait.',
      bad: `package p

func sum(xs []int) int {
	partial := make(chan int)
	s := 0
	for _, x := range xs {
		s += x
	}
	partial <- s
	return <-partial
}
`,
      good: `package p

func sum(xs []int) int {
	partial := make(chan int, 1)
	s := 0
	for _, x := range xs {
		s += x
	}
	partial <- s
	return <-partial
}
`,
      fix: 'Start the goroutine that receives (or sends) before the operation, give the channel enough buffer for what this goroutine sends before receiving, or do not use a channel within a single goroutine.',
      seeAlso: ['runtime: fatal error: all goroutines are asleep - deadlock!', 'GCatch BMOC'],
    },
    messages: {
      sendUnbuffered: 'send blocks forever: {ch} is unbuffered and no other goroutine can receive from it',
      sendFull: 'send blocks forever: the buffer of {ch} (capacity {cap}) is already full here and no other goroutine can receive from it',
      recv: 'receive blocks forever: {ch} is empty here and no other goroutine can send on it or close it',
      range: 'range over {ch} never ends: nothing can close {ch} while {fn} ranges over it, and no other goroutine has it',
      waitBeforeReceive:
        'deadlock: {wg}.Wait() waits for goroutines that are blocked sending on {ch}, and nothing receives from {ch} until the Wait returns',
    },
    help: {
      sendUnbuffered: 'Receive in another goroutine (start it before the send), or make {ch} buffered.',
      sendFull: 'Make the buffer of {ch} large enough, or receive before sending more.',
      recv: 'Send on {ch} from another goroutine, or close {ch} before receiving.',
      range: 'Close {ch} before ranging over it, or range over a slice instead.',
      waitBeforeReceive:
        'Receive while the goroutines run: move {wg}.Wait() and close({ch}) into their own goroutine (`go func() { {wg}.Wait(); close({ch}) }()`) and range over {ch}, or buffer {ch} for every send.',
    },
    fix: 'none',
    i18n: {
      'zh-CN': {
        title: '因为没有其他 goroutine 拿到 channel 而永远无法完成的发送或接收',
        why: '向无缓冲 channel 发送要等另一个 goroutine 中的接收方；向已满的带缓冲 channel 发送要等有人腾出空间；从空 channel 接收要等发送方。如果 channel 是在本函数中创建的，并且从来没有 goroutine、函数调用、结构体或返回值拿到过它，那就没有别人能做这些事：这个操作会永久阻塞。在 main 中表现为 "fatal error: all goroutines are asleep - deadlock!"；在其他地方，goroutine 会悄无声息地卡住。\n\n在第一个必然阻塞的操作处报告：`ch := make(chan int, 1); ch <- 1; ch <- 2` 报在第二次发送而不是第一次。用 len/cap 检查过的、用在 select case 中的、与 goroutine 共享的或交给其他代码的 channel 不做判断。\n\n同样的死锁也会发生在 goroutine 之间：函数启动的发送方在向无缓冲 channel 发送之后才调用 `wg.Done()`，而函数在接收之前先调用了 `wg.Wait()`。发送方等接收方，接收方等发送方：在 Wait 处报告。',
        fix: '在这个操作之前启动负责接收（或发送）的 goroutine，给 channel 足够容纳本 goroutine 在接收之前发送的所有数据的缓冲，或者不要在单个 goroutine 内使用 channel。',
        messages: {
          sendUnbuffered: '发送会永久阻塞：{ch} 没有缓冲，并且没有其他 goroutine 能从它接收',
          sendFull: '发送会永久阻塞：{ch} 的缓冲（容量 {cap}）在这里已经满了，并且没有其他 goroutine 能从它接收',
          recv: '接收会永久阻塞：{ch} 在这里是空的，并且没有其他 goroutine 能向它发送或关闭它',
          range: '对 {ch} 的 range 永远不会结束：在 {fn} range 它的时候没有任何代码能关闭 {ch}，也没有其他 goroutine 拿到它',
          waitBeforeReceive: '死锁：{wg}.Wait() 等待的 goroutine 正阻塞在向 {ch} 的发送上，而在 Wait 返回之前没有任何代码从 {ch} 接收',
        },
        help: {
          sendUnbuffered: '在另一个 goroutine 中接收（在发送之前启动它），或者把 {ch} 改成带缓冲的。',
          sendFull: '把 {ch} 的缓冲设得足够大，或者先接收再继续发送。',
          recv: '从另一个 goroutine 向 {ch} 发送，或者在接收之前关闭 {ch}。',
          range: '在 range 之前关闭 {ch}，或者改为 range 一个 slice。',
          waitBeforeReceive:
            '在这些 goroutine 运行时就接收：把 {wg}.Wait() 和 close({ch}) 放进单独的 goroutine（`go func() { {wg}.Wait(); close({ch}) }()`），然后 range {ch}；或者给 {ch} 足够容纳所有发送的缓冲。',
        },
      },
    },
    since: '0.1.0',
    mentions: ['chan'],
  },
  checkPackage(ctx) {
    for (const fn of ctx.pkg.functions) {
      if (!fn.body) continue;
      for (const g of functionLeaks(ctx.pkg, fn).sendGroups) for (const w of g.waitsWhilePending) reportWait(ctx, fn, g, w.node);
      for (const c of localChans(ctx.pkg, fn)) {
        if (c.open || c.parties.size > 0 || c.origin.capacity === null) continue;
        if (!c.direct.every((u) => ['send', 'recv', 'range', 'close', 'deferClose'].includes(u.kind))) continue;
        if (!c.direct.some((u) => u.kind === 'send' || u.kind === 'recv' || u.kind === 'range')) continue;
        // select cases correlate channels (`case <-a: b <- v`), which a per-channel count cannot follow
        if (c.direct.some((u) => u.select !== null)) continue;
        check(ctx, fn, c);
      }
    }
  },
});

interface Buffer {
  /** Fewest and most values buffered on the paths reaching here. */
  lo: number;
  hi: number;
  /** Closed on some path. */
  closed: boolean;
}

function check(ctx: RuleContext, fn: FuncNode, c: LocalChan): void {
  const pkg = ctx.pkg;
  const cap = c.origin.capacity!;
  const isChan = (e: ast.Expr): boolean => {
    const x = unparenExpr(e);
    return x.kind === 'Ident' && pkg.bindingOf(x) === c.binding;
  };
  let blocked: { node: ast.Node; messageId: string; state: Buffer } | null = null;
  const block = (node: ast.Node, messageId: string, state: Buffer): void => {
    if (blocked === null || node.pos < blocked.node.pos) blocked = { node, messageId, state };
  };
  const send = (s: Buffer): Buffer => ({ lo: Math.min(cap, s.lo + 1), hi: Math.min(cap, s.hi + 1), closed: s.closed });
  const recv = (s: Buffer): Buffer => ({ lo: Math.max(0, s.lo - 1), hi: Math.max(0, s.hi - 1), closed: s.closed });
  runFlow<Buffer>(
    fn.body!,
    { lo: 0, hi: 0, closed: false },
    {
      simple(node, s) {
        if (node.kind === 'DeferStmt' || node.kind === 'GoStmt') return s;
        if (node.parent?.kind === 'RangeStmt' && node.parent.x === node && isChan(node as ast.Expr)) {
          if (!s.closed && rangeCannotEnd(pkg, node.parent, isChan)) block(node.parent, 'range', s);
          return s;
        }
        let st = s;
        inspect(node, (m) => {
          if (m.kind === 'FuncLit') return false;
          if (m.kind === 'SendStmt' && isChan(m.chan)) {
            if (!st.closed && st.lo >= cap) block(m, cap === 0 ? 'sendUnbuffered' : 'sendFull', st);
            st = send(st);
          } else if (m.kind === 'UnaryExpr' && m.op === Tok.ARROW && isChan(m.x)) {
            if (!st.closed && st.hi === 0) block(m, 'recv', st);
            st = recv(st);
          } else if (
            m.kind === 'CallExpr' &&
            m.args.length === 1 &&
            isChan(m.args[0]!) &&
            unparenExpr(m.fun).kind === 'Ident' &&
            (unparenExpr(m.fun) as ast.Ident).name === 'close'
          ) {
            st = { ...st, closed: true };
          }
          return true;
        });
        return st;
      },
      join: (a, b) => ({ lo: Math.min(a.lo, b.lo), hi: Math.max(a.hi, b.hi), closed: a.closed || b.closed }),
      equal: (a, b) => a.lo === b.lo && a.hi === b.hi && a.closed === b.closed,
      noReturn: (stmt) => isNoReturnStmt(pkg, stmt),
      iterate: (loop, s) => (loop.kind === 'RangeStmt' && isChan(loop.x) ? recv(s) : s),
    },
  );
  const b = blocked as { node: ast.Node; messageId: string; state: Buffer } | null;
  if (!b) return;
  const ch = c.binding.name;
  const node = b.node.kind === 'RangeStmt' ? b.node.x : b.node;
  const related: RelatedSpec[] = [
    {
      node: c.origin.make,
      message: cap === 0 ? `${ch} is made unbuffered here and never shared` : `${ch} is made here with capacity ${cap} and never shared`,
    },
  ];
  if (b.messageId === 'sendFull') {
    const earlier = c.direct.filter((u) => u.kind === 'send' && u.node.pos < b.node.pos).slice(0, cap);
    for (const u of earlier) related.push({ node: u.node, message: `this send fills the buffer (line ${lineOf(pkg, u.node)})` });
  }
  ctx.report({ node, file: pkg.fileOfNode(node), messageId: b.messageId, data: { ch, cap, fn: funcName(fn) }, related });
}

/** A range over the channel whose body cannot close it and has no way out. */
function rangeCannotEnd(pkg: PackageModel, loop: ast.RangeStmt, isChan: (e: ast.Expr) => boolean): boolean {
  if (exitsOfLoop(pkg, loop).length > 0) return false;
  let closes = false;
  inspect(loop.body, (n) => {
    if (n.kind === 'CallExpr' && n.args.length === 1 && isChan(n.args[0]!)) closes = true;
    return !closes;
  });
  return !closes;
}

/** `wg.Wait()` before the receives: the senders it waits for cannot finish. */
function reportWait(ctx: RuleContext, fn: FuncNode, g: SendGroup, wait: ast.CallExpr): void {
  const ch = g.channels.map((c) => c.binding.name).join('/');
  const wg = exprText((unparenExpr(wait.fun) as ast.SelectorExpr).x);
  const sends = g.senders.flatMap((s) => s.sends).sort((a, b) => a.pos - b.pos);
  const related: RelatedSpec[] = sends
    .slice(0, 2)
    .map((s) => ({ node: s, message: `this send waits for a receiver before the goroutine can call Done` }));
  for (const c of g.channels) {
    const cap = c.origin.capacity!;
    related.push({ node: c.origin.make, message: cap === 0 ? `${c.binding.name} is unbuffered` : `${c.binding.name} buffers only ${cap}` });
  }
  ctx.report({ node: wait, file: ctx.pkg.fileOfNode(wait), messageId: 'waitBeforeReceive', data: { ch, wg, fn: funcName(fn) }, related });
}
