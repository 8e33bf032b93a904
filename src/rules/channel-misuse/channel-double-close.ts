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
    since: '0.1.0',
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
