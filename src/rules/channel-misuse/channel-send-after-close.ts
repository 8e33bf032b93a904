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
    i18n: {
      'zh-CN': {
        title: '向同一函数已经关闭的 channel 发送',
        why: '向已关闭的 channel 发送会 panic（`panic: send on closed channel`）——select 中向它发送的 case 一旦被选中就会 panic，而已关闭的 channel 总是就绪的。当函数在到达这次发送的每条路径上都关闭了该 channel、且期间变量没有被赋予新的 channel 时报告。',
        fix: '在关闭之前发送完所有数据：close 是发送方做的最后一件事。多个 goroutine 发送时，等它们全部结束之后再关闭（先 WaitGroup，再 close）。',
        messages: {
          send: 'send on closed channel：在到达这次发送的每条路径上，{ch} 都已经在第 {line} 行被关闭，发送会 panic',
        },
        help: {
          send: '把对 {ch} 的 close 移到最后一次发送之后。',
        },
      },
    },
    since: '0.1.0',
    mentions: ['close'],
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
