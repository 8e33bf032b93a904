import { callsNamed } from '../../model/calls.js';
import { defineRule } from '../../engine/rule.js';
import { exprText } from '../../model/facts.js';
import { TypeInfo, unparenExpr } from '../../model/typeinfo.js';
import { deref, isNamed } from '../../model/types.js';

export default defineRule({
  meta: {
    id: 'timer-reset-result-used',
    family: 'timer',
    severity: 'warning',
    category: 'correctness',
    title: 'result of (*time.Timer).Reset used (before Go 1.23)',
    docs: {
      why:
        "Before Go 1.23 a timer's channel has a buffer of one: when the timer fires, the time value sits in t.C until " +
        "someone receives it, whatever Reset returns. Code that decides from Reset's result whether to drain t.C races " +
        'with the timer firing and either blocks forever on an empty channel or leaves a stale value that fires the ' +
        'next select at once. The time package documents that the result cannot be used correctly and exists only for ' +
        'compatibility. Since Go 1.23 timer channels are synchronous and Reset never leaves a stale value, so the rule ' +
        'only runs for modules on Go 1.22 or older (staticcheck SA1025).',
      bad: `package p

import "time"

func rearm(t *time.Timer, d time.Duration) {
	if !t.Reset(d) {
		<-t.C
	}
}
`,
      good: `package p

import "time"

func rearm(t *time.Timer, d time.Duration) {
	if !t.Stop() {
		select {
		case <-t.C:
		default:
		}
	}
	t.Reset(d)
}
`,
      fix: 'Stop the timer and drain its channel first (`if !t.Stop() { <-t.C }` when nothing else receives from it), then call Reset as a statement.',
      seeAlso: ['staticcheck SA1025', 'https://pkg.go.dev/time#Timer.Reset', 'https://go.dev/doc/go1.23#timer-changes'],
    },
    messages: {
      used: 'the result of {timer}.Reset cannot be used correctly: it races with the timer firing, and t.C may already hold a stale value',
    },
    help: {
      used: 'Stop {timer} and drain {timer}.C before resetting it, then call {timer}.Reset(...) as a statement.',
    },
    fix: 'none',
    i18n: {
      'zh-CN': {
        title: '使用了 (*time.Timer).Reset 的返回值（Go 1.23 之前）',
        why: 'Go 1.23 之前，定时器的 channel 有一个缓冲：定时器触发时，时间值会留在 t.C 中，直到有人接收，与 Reset 返回什么无关。根据 Reset 的返回值决定是否排空 t.C 的代码会与定时器触发发生竞争，结果要么在空 channel 上永久阻塞，要么留下一个过期的值，让下一次 select 立刻触发。time 包的文档说明这个返回值无法被正确使用，只是为了兼容而保留。从 Go 1.23 起，定时器 channel 是同步的，Reset 不会再留下过期的值，所以这条规则只对 Go 1.22 或更早版本的模块运行（staticcheck SA1025）。',
        fix: '先 Stop 定时器并排空它的 channel（没有其他代码从中接收时用 `if !t.Stop() { <-t.C }`），然后把 Reset 作为一条单独的语句调用。',
        messages: {
          used: '{timer}.Reset 的返回值无法被正确使用：它与定时器触发存在竞争，t.C 中可能已经有一个过期的值',
        },
        help: {
          used: '先 Stop {timer} 并排空 {timer}.C，再重置它，然后把 {timer}.Reset(...) 作为一条单独的语句调用。',
        },
      },
    },
    since: '0.1.0',
    mentions: ['Reset'],
    maxGo: 23,
  },
  checkPackage(ctx) {
    const ti = TypeInfo.of(ctx.pkg);
    for (const call of callsNamed(ctx.pkg, { selector: ['Reset'] })) {
      const fun = unparenExpr(call.fun);
      if (fun.kind !== 'SelectorExpr' || fun.sel.name !== 'Reset' || call.args.length !== 1) continue;
      if (!isNamed(deref(ti.typeOf(fun.x)), 'time', 'Timer')) continue;
      let p = call.parent;
      while (p?.kind === 'ParenExpr') p = p.parent;
      if (p?.kind === 'ExprStmt' || p?.kind === 'DeferStmt' || p?.kind === 'GoStmt') continue;
      const file = ctx.pkg.fileOfNode(call);
      if (!file || file.isGenerated) continue;
      ctx.report({ node: call, messageId: 'used', data: { timer: exprText(fun.x) } });
    }
  },
});
