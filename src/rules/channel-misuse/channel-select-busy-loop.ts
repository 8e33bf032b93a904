import type * as ast from '../../parse/ast.js';
import { defineRule, type FixSpec, type FileContext } from '../../engine/rule.js';
import { clauseKeyword } from '../goroutine-leak/leak-report.js';

export default defineRule({
  meta: {
    id: 'channel-select-busy-loop',
    family: 'channel-misuse',
    severity: 'warning',
    category: 'performance',
    title: 'endless for-select loop with an empty default case spins',
    docs: {
      why:
        'A `select` with a `default` case never waits: when no channel is ready it runs the default and returns at once. ' +
        'Inside an endless `for` whose only statement is that select, an empty default turns the wait into a busy loop: ' +
        'the goroutine burns a whole CPU polling the channels until one becomes ready, stealing time from the goroutines ' +
        'that would make it ready (staticcheck SA5004).',
      bad: `package p

func consume(jobs <-chan int, quit <-chan struct{}, handle func(int)) {
	for {
		select {
		case j := <-jobs:
			handle(j)
		case <-quit:
			return
		default:
		}
	}
}
`,
      good: `package p

func consume(jobs <-chan int, quit <-chan struct{}, handle func(int)) {
	for {
		select {
		case j := <-jobs:
			handle(j)
		case <-quit:
			return
		}
	}
}
`,
      fix: 'Remove the empty default so the select blocks until a case is ready (the safe fix); if the loop must do other work between polls, put that work in the default case or add a ticker case.',
      seeAlso: ['staticcheck SA5004', 'starvation rules'],
    },
    messages: {
      spin: 'busy loop: this empty default makes the endless for-select spin instead of waiting for a channel',
    },
    help: {
      spin: 'Remove the empty `default:` so the select blocks until one of its cases is ready.',
    },
    fix: 'safe',
    i18n: {
      'zh-CN': {
        title: '带空 default 分支的无限 for-select 循环在空转',
        why: '带 `default` 分支的 `select` 从不等待：没有 channel 就绪时它执行 default 并立即返回。在一个只有这条 select 语句的无限 `for` 循环中，空的 default 把等待变成了忙等：goroutine 在 channel 就绪之前一直占满一个 CPU 轮询，还抢走了本可以让 channel 就绪的那些 goroutine 的时间（staticcheck SA5004）。',
        fix: '去掉空的 default，让 select 阻塞直到某个 case 就绪（安全修复）；如果循环必须在两次轮询之间做其他工作，把这些工作放进 default 分支，或者加一个 ticker case。',
        messages: {
          spin: '忙等循环：这个空的 default 让无限 for-select 循环空转，而不是等待 channel',
        },
        help: {
          spin: '去掉空的 `default:`，让 select 阻塞直到某个 case 就绪。',
        },
      },
    },
    since: '0.1.0',
    mentions: ['select'],
  },
  create(ctx) {
    return {
      ForStmt(loop) {
        if (loop.cond !== null || loop.init !== null || loop.post !== null || loop.body.list.length !== 1) return;
        const sel = loop.body.list[0]!;
        if (sel.kind !== 'SelectStmt') return;
        for (const c of sel.body.list) {
          if (c.kind !== 'CommClause' || c.comm !== null || c.body.length !== 0) continue;
          ctx.report({ node: clauseKeyword(c, true), messageId: 'spin', fixes: removeDefault(ctx, c) });
          return;
        }
      },
    };
  },
});

/** Deletes the `default:` line (with a comment after it) when the empty clause holds no comment lines. */
function removeDefault(ctx: FileContext, clause: ast.CommClause): FixSpec[] {
  const src = ctx.file.src;
  const lineStart = src.lastIndexOf('\n', clause.pos - 1) + 1;
  let lineEnd = src.indexOf('\n', clause.colon);
  if (lineEnd < 0) return [];
  if (!/^[ \t]*$/.test(src.slice(lineStart, clause.pos)) || !/^[ \t]*(\/\/.*)?\r?$/.test(src.slice(clause.colon + 1, lineEnd))) return [];
  // the clause runs to the next clause or the closing brace: nothing but blank space may follow
  if (!/^\s*$/.test(src.slice(lineEnd, clause.end))) return [];
  lineEnd += 1;
  return [{ title: 'remove the empty default case', safe: true, edits: [{ pos: lineStart, end: lineEnd, text: '' }] }];
}
