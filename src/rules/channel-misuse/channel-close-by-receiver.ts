import type * as ast from '../../parse/ast.js';
import { defineRule, type RelatedSpec } from '../../engine/rule.js';
import { functionLeaks, MANY } from '../../model/leaks.js';
import { funcName, skippedFile } from '../goroutine-leak/leak-report.js';

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
        'of their sends have not been received. Closing after receiving from every sender, or after a WaitGroup wait, ' +
        'is fine.',
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
      deferred:
        'close while senders remain: this deferred close of {ch} runs when {fn} returns with goroutines that may still send on it, and their send panics',
    },
    help: {
      close:
        'Signal the senders through a separate done channel or a context instead of closing {ch}; let the last sender (or a WaitGroup) close it.',
      deferred:
        'Drop `defer close({ch})`: the receiver does not own the channel. Buffer {ch} for every sender, or stop them with a context.',
    },
    fix: 'none',
    since: '0.1.0',
  },
  checkPackage(ctx) {
    for (const fn of ctx.pkg.functions) {
      if (!fn.body || skippedFile(ctx.pkg, fn)) continue;
      for (const g of functionLeaks(ctx.pkg, fn).sendGroups) {
        for (const c of g.closesWhilePending) {
          const ch = g.channels.map((x) => x.binding.name).join('/');
          const sends = g.senders.flatMap((s) => s.sends).sort((a, b) => a.pos - b.pos);
          const related: RelatedSpec[] = sends
            .slice(0, 2)
            .map((s: ast.SendStmt) => ({ node: s, message: 'this send panics if it runs after the close' }));
          const loops = g.senders.filter((s) => s.party.inLoop || c.pending >= MANY);
          if (loops.length > 0) related.push({ node: loops[0]!.party.go, message: 'the senders are started here' });
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
