import { defineRule } from '../../engine/rule.js';
import { closeFlow } from '../../model/chanclose.js';
import { exprText } from '../../model/facts.js';
import { funcName, lineOf } from '../goroutine-leak/leak-report.js';

export default defineRule({
  meta: {
    id: 'channel-double-close',
    family: 'channel-misuse',
    severity: 'error',
    category: 'correctness',
    title: 'channel closed twice on some path, or in a loop',
    docs: {
      why:
        'Closing a closed channel panics (`panic: close of closed channel`), and `recover` in another goroutine cannot ' +
        'help. It happens when two branches that can both run each close the channel, when a close sits in a loop that ' +
        'goes on after it, or when an explicit close is followed by a deferred one at return. Closing is a one-time ' +
        'signal from the single owner of the channel; it is not idempotent.\n\n' +
        'Reported at the close that runs second. Not reported: a channel variable or field given a new channel in ' +
        'between, and the idempotent-close idioms (a flag the branch sets, a nil check, `select { case <-ch: default: ' +
        'close(ch) }`).',
      bad: `package p

type worker struct{ done chan struct{} }

func (w *worker) run(jobs <-chan int, handle func(int) error) {
	defer close(w.done)
	for j := range jobs {
		if err := handle(j); err != nil {
			close(w.done)
			return
		}
	}
}
`,
      good: `package p

type worker struct{ done chan struct{} }

func (w *worker) run(jobs <-chan int, handle func(int) error) {
	defer close(w.done)
	for j := range jobs {
		if err := handle(j); err != nil {
			return
		}
	}
}
`,
      fix: 'Close the channel exactly once, in the goroutine that owns it: return or break right after closing, keep one of the two closes, or wrap the close in a sync.Once when several paths may end the work.',
      seeAlso: ['runtime: panic: close of closed channel', 'Gomela (double close)'],
    },
    messages: {
      again: 'close of closed channel: {ch} may already be closed at line {line}, and closing it again panics',
      loop: 'close of closed channel: this close of {ch} runs again on the next iteration of the loop and panics',
      deferred: 'close of closed channel: this deferred close of {ch} runs when {fn} returns, after {ch} was already closed at line {line}',
    },
    help: {
      again: 'Close {ch} once: keep one close, return right after it, or guard it with a sync.Once.',
      loop: 'Leave the loop (break or return) right after closing {ch}, or close it once after the loop.',
      deferred: 'Drop the explicit close and keep `defer close({ch})`, or drop the defer.',
    },
    fix: 'none',
    i18n: {
      'zh-CN': {
        title: 'channel 在某条路径上或循环中被关闭两次',
        why: '关闭已关闭的 channel 会 panic（`panic: close of closed channel`），其他 goroutine 中的 `recover` 也帮不上忙。以下情况会发生这种问题：两个都可能执行的分支各自关闭了 channel；close 位于一个关闭后仍会继续的循环中；或者显式 close 之后在 return 时还有一个 defer 的 close。关闭是 channel 唯一所有者发出的一次性信号，它不是幂等的。\n\n在第二次执行的 close 处报告。不报告的情况：两次关闭之间 channel 变量或字段被赋了新的 channel，以及幂等关闭的惯用法（分支中设置的标志、nil 检查、`select { case <-ch: default: close(ch) }`）。',
        fix: '在拥有 channel 的 goroutine 中只关闭一次：关闭之后立即 return 或 break，只保留两个 close 中的一个，或者当多条路径都可能结束工作时，把 close 包在 sync.Once 里。',
        messages: {
          again: 'close of closed channel：{ch} 可能已经在第 {line} 行被关闭，再次关闭会 panic',
          loop: 'close of closed channel：这个对 {ch} 的 close 会在循环的下一次迭代中再次执行并 panic',
          deferred: 'close of closed channel：这个 defer 的 {ch} 关闭在 {fn} 返回时执行，而 {ch} 已经在第 {line} 行被关闭过了',
        },
        help: {
          again: '只关闭 {ch} 一次：保留一个 close，关闭后立即返回，或者用 sync.Once 保护它。',
          loop: '关闭 {ch} 之后立即离开循环（break 或 return），或者在循环结束后关闭一次。',
          deferred: '去掉显式的 close，保留 `defer close({ch})`；或者去掉 defer。',
        },
      },
    },
    since: '0.1.0',
    mentions: ['close'],
  },
  checkPackage(ctx) {
    for (const fn of ctx.pkg.functions) {
      if (!fn.body) continue;
      for (const d of closeFlow(ctx.pkg, fn).doubleCloses) {
        const ch = exprText(d.chan);
        const messageId = d.deferred ? 'deferred' : d.inLoop ? 'loop' : 'again';
        ctx.report({
          node: d.node,
          file: ctx.pkg.fileOfNode(d.node),
          messageId,
          data: { ch, line: lineOf(ctx.pkg, d.previous), fn: funcName(fn) },
          related: d.inLoop ? [] : [{ node: d.previous, message: `${ch} is closed here first` }],
        });
      }
    }
  },
});
