import { defineRule } from '../../engine/rule.js';
import { closeFlow } from '../../model/chanclose.js';
import { exprText } from '../../model/facts.js';
import { lineOf } from '../goroutine-leak/leak-report.js';

export default defineRule({
  meta: {
    id: 'channel-send-after-close',
    family: 'channel-misuse',
    severity: 'error',
    category: 'correctness',
    title: 'send on a channel the same function has already closed',
    docs: {
      why:
        'A send on a closed channel panics (`panic: send on closed channel`) — a select case sending on it panics as ' +
        'soon as it is chosen, and a closed channel is always ready. Reported when the function closes the channel on ' +
        'every path that reaches the send, and nothing gives the variable a new channel in between.',
      bad: `package p

func publish(events chan string, last string) {
	close(events)
	events <- last
}
`,
      good: `package p

func publish(events chan string, last string) {
	events <- last
	close(events)
}
`,
      fix: 'Send everything before closing: the close is the last thing the sender does. When several goroutines send, close after all of them are done (a WaitGroup, then close).',
      seeAlso: ['runtime: panic: send on closed channel', 'channel-close-by-receiver'],
    },
    messages: {
      send: 'send on closed channel: {ch} is closed at line {line} on every path to this send, which panics',
    },
    help: {
      send: 'Move the close of {ch} after the last send.',
    },
    fix: 'none',
    since: '0.1.0',
  },
  checkPackage(ctx) {
    for (const fn of ctx.pkg.functions) {
      if (!fn.body) continue;
      for (const s of closeFlow(ctx.pkg, fn).sendsAfterClose) {
        const ch = exprText(s.send.chan);
        ctx.report({
          node: s.send,
          file: ctx.pkg.fileOfNode(s.send),
          messageId: 'send',
          data: { ch, line: lineOf(ctx.pkg, s.close) },
          related: [{ node: s.close, message: `${ch} is closed here` }],
        });
      }
    }
  },
});
