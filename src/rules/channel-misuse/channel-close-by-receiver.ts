import type * as ast from '../../parse/ast.js';
import { inspect } from '../../parse/walk.js';
import { defineRule, type RelatedSpec, type RuleContext } from '../../engine/rule.js';
import { type LocalChan, localChans } from '../../model/chanscope.js';
import type { ChanUse } from '../../model/chanuse.js';
import { functionLeaks, MANY } from '../../model/leaks.js';
import type { FuncNode } from '../../model/scope.js';
import { funcName, goSpan, skippedFile } from '../goroutine-leak/leak-report.js';

export default defineRule({
  meta: {
    id: 'channel-close-by-receiver',
    family: 'channel-misuse',
    severity: 'error',
    category: 'correctness',
    title: 'channel closed by its receiver while the goroutines that send on it may still send',
    docs: {
      why:
        'Only the sending side may close a channel, and only once every sender is done: a send on a closed channel ' +
        'panics (`panic: send on closed channel`) and takes the whole process down. A receiver that closes the channel ' +
        'to say "stop" — in the middle of a receive loop, on an early return, or through `defer close(ch)` — races with ' +
        'the goroutines that have not sent yet.\n\n' +
        'Reported when a function starts goroutines that send on a channel it made, and closes that channel while some ' +
        "of their sends have not been received; and when a goroutine that receives from the function's channel closes it " +
        'from inside its receive loop while the function sends on it in a loop. Closing after receiving from every ' +
        'sender, or after a WaitGroup wait that the senders signal, is fine.',
      bad: `package p

func firstMatch(paths []string, match func(string) bool) string {
	found := make(chan string)
	for _, p := range paths {
		go func(p string) {
			if match(p) {
				found <- p
			} else {
				found <- ""
			}
		}(p)
	}
	for range paths {
		if p := <-found; p != "" {
			close(found)
			return p
		}
	}
	return ""
}
`,
      good: `package p

func firstMatch(paths []string, match func(string) bool) string {
	found := make(chan string, len(paths))
	for _, p := range paths {
		go func(p string) {
			if match(p) {
				found <- p
			} else {
				found <- ""
			}
		}(p)
	}
	for range paths {
		if p := <-found; p != "" {
			return p
		}
	}
	return ""
}
`,
      fix:
        'Do not close a channel from the receiving side. To tell senders to stop, close a separate done channel (or ' +
        'cancel a context) that they select on next to their send; give the result channel enough buffer for every ' +
        'sender; or let a goroutine close it after a WaitGroup says every sender has finished.',
      seeAlso: ['channel-send-after-close', 'goroutine-leak-early-return', 'runtime: panic: send on closed channel'],
    },
    messages: {
      close: 'close while senders remain: goroutines started by {fn} may still send on {ch}, and their send panics once it is closed',
      goroutine:
        'close by the receiver: this goroutine receives from {ch} and closes it while {fn} goes on sending on it, and that send panics',
      deferred:
        'close while senders remain: this deferred close of {ch} runs when {fn} returns with goroutines that may still send on it, and their send panics',
    },
    help: {
      goroutine:
        'Tell {fn} to stop through a separate done channel (closed by the receiver, selected on next to the send) or a context; leave closing {ch} to {fn}.',
      close:
        'Signal the senders through a separate done channel or a context instead of closing {ch}; let the last sender (or a WaitGroup) close it.',
      deferred:
        'Drop `defer close({ch})`: the receiver does not own the channel. Buffer {ch} for every sender, or stop them with a context.',
    },
    fix: 'none',
    i18n: {
      'zh-CN': {
        title: '接收方关闭了 channel，而向它发送的 goroutine 可能还会发送',
        why: '只有发送方可以关闭 channel，而且必须在所有发送者都结束之后：向已关闭的 channel 发送会 panic（`panic: send on closed channel`），导致整个进程崩溃。接收方为了表示“停止”而关闭 channel——在接收循环中途、提前 return 时，或者通过 `defer close(ch)`——会与还没有发送的 goroutine 发生竞争。\n\n当一个函数启动了向它所创建的 channel 发送的 goroutine，并在这些发送还没有全部被接收时关闭该 channel，就会报告；当一个从函数的 channel 接收的 goroutine 在接收循环内部关闭它、而函数还在循环中向它发送时，也会报告。从每个发送者都接收完之后再关闭，或者在发送者会通知的 WaitGroup 的 Wait 之后关闭，都没有问题。',
        fix: '不要从接收方关闭 channel。要通知发送方停止，关闭一个单独的 done channel（或取消 context），让它们在发送旁边 select 它；给结果 channel 足够容纳所有发送者的缓冲；或者让一个 goroutine 在 WaitGroup 表明所有发送者都已结束之后关闭它。',
        messages: {
          close: '发送方还在时就关闭了 channel：{fn} 启动的 goroutine 可能还会向 {ch} 发送，一旦它被关闭，发送就会 panic',
          deferred:
            '发送方还在时就关闭了 channel：这个 defer 的 {ch} 关闭在 {fn} 返回时执行，而那时可能还有 goroutine 要向它发送，发送会 panic',
          goroutine: '接收方关闭了 channel：这个 goroutine 从 {ch} 接收并关闭了它，而 {fn} 还在继续向它发送，那次发送会 panic',
        },
        help: {
          close: '通过单独的 done channel 或 context 通知发送方，而不是关闭 {ch}；让最后一个发送者（或 WaitGroup）来关闭它。',
          deferred: '去掉 `defer close({ch})`：接收方并不拥有这个 channel。给 {ch} 足够容纳所有发送者的缓冲，或者用 context 让它们停止。',
          goroutine:
            '通过单独的 done channel（由接收方关闭，发送方在发送旁边 select 它）或 context 通知 {fn} 停止；把关闭 {ch} 的事交给 {fn}。',
        },
      },
    },
    since: '0.1.0',
    mentions: ['close'],
  },
  checkPackage(ctx) {
    for (const fn of ctx.pkg.functions) {
      if (!fn.body || skippedFile(ctx.pkg, fn)) continue;
      for (const c of localChans(ctx.pkg, fn)) checkReceiverGoroutines(ctx, fn, c);
      for (const g of functionLeaks(ctx.pkg, fn).sendGroups) {
        for (const c of g.closesWhilePending) {
          const ch = g.channels.map((x) => x.binding.name).join('/');
          const sends = g.senders.flatMap((s) => s.sends).sort((a, b) => a.pos - b.pos);
          const related: RelatedSpec[] = sends
            .slice(0, 2)
            .map((s: ast.SendStmt) => ({ node: s, message: 'this send panics if it runs after the close' }));
          const loops = g.senders.filter((s) => s.party.inLoop || c.pending >= MANY);
          if (loops.length > 0) related.push({ node: goSpan(loops[0]!.party.go), message: 'the senders are started here' });
          ctx.report({
            node: c.node,
            file: ctx.pkg.fileOfNode(c.node),
            messageId: c.deferred ? 'deferred' : 'close',
            data: { ch, fn: funcName(fn) },
            related,
          });
        }
      }
    }
  },
});

/**
 * A goroutine that receives from the function's channel and closes it from inside its receive
 * loop (or returns from that loop with a deferred close), while the function sends on it in a
 * loop: the function's next send panics.
 */
function checkReceiverGoroutines(ctx: RuleContext, fn: FuncNode, c: LocalChan): void {
  if (c.open) return;
  const sends = c.direct.filter((u) => u.kind === 'send' && u.inLoop);
  if (sends.length === 0) return;
  for (const p of c.parties.values()) {
    if (p.uses.some((u) => u.kind === 'send')) continue; // a sender may close: that is its job
    const loops = receiveLoops(p.uses);
    if (loops.length === 0) continue;
    const close =
      p.uses.find((u) => u.kind === 'close' && loops.some((l) => within(u.node, l.body))) ??
      (p.uses.some((u) => u.kind === 'deferClose') && loops.some((l) => returnsFrom(l.body))
        ? p.uses.find((u) => u.kind === 'deferClose')
        : undefined);
    if (!close) continue;
    const ch = c.binding.name;
    const related: RelatedSpec[] = sends
      .slice(0, 2)
      .map((u) => ({ node: u.node, message: `${funcName(fn)} sends on ${ch} here, in a loop: this send panics once ${ch} is closed` }));
    related.push({ node: goSpan(p.go), message: 'the receiving goroutine is started here' });
    ctx.report({
      node: close.node,
      file: ctx.pkg.fileOfNode(close.node),
      messageId: 'goroutine',
      data: { ch, fn: funcName(fn) },
      related,
    });
  }
}

/** Loops of the goroutine that receive from the channel: ranges over it, or loops around a receive. */
function receiveLoops(uses: readonly ChanUse[]): (ast.ForStmt | ast.RangeStmt)[] {
  const out = new Set<ast.ForStmt | ast.RangeStmt>();
  for (const u of uses) {
    if (u.kind === 'range') out.add(u.node as ast.RangeStmt);
    if (u.kind !== 'recv') continue;
    for (let n = u.node.parent; n !== undefined && n !== u.fn; n = n.parent) {
      if (n.kind === 'ForStmt' || n.kind === 'RangeStmt') {
        out.add(n);
        break;
      }
    }
  }
  return [...out];
}

function within(n: ast.Node, outer: ast.Node): boolean {
  return n.pos >= outer.pos && n.end <= outer.end;
}

function returnsFrom(body: ast.Node): boolean {
  let found = false;
  inspect(body, (n) => {
    if (found || n.kind === 'FuncLit') return false;
    if (n.kind === 'ReturnStmt') found = true;
    return !found;
  });
  return found;
}
