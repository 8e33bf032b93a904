import { defineRule } from '../../engine/rule.js';
import { functionsCallingMethods } from '../../model/calls.js';
import { skipFile, text, where } from '../lock-misuse/lock-text.js';
import { doneEvents } from './dones.js';

export default defineRule({
  meta: {
    id: 'waitgroup-negative-counter',
    family: 'waitgroup',
    severity: 'error',
    category: 'correctness',
    title: 'wg.Done called twice on a path (deferred and direct): negative WaitGroup counter',
    docs: {
      why:
        'Each Done (and each Add with a negative delta) takes one off the counter. A goroutine that defers ' +
        '`wg.Done()` and also calls it directly — typically a direct Done added on an error path, or left over ' +
        'after the defer was introduced — takes two off for the one Add made for it. The counter goes below zero ' +
        'and the program panics with "sync: negative WaitGroup counter", or, if other goroutines are still ' +
        'counted, Wait returns early while they run.\n\n' +
        'Reported at a Done (or `Add(-n)`) reached, on every path, after a Done on the same WaitGroup was ' +
        'deferred in the same function. Dones that a function runs on purpose for several Adds it made itself ' +
        'are not reported.',
      bad: `package p

import "sync"

type Conn struct{}

func (c *Conn) Close() error { return nil }

func CloseAll(conns []*Conn) {
	var wg sync.WaitGroup
	for _, c := range conns {
		wg.Add(1)
		go func(c *Conn) {
			defer wg.Done()
			if c == nil {
				wg.Done()
				return
			}
			_ = c.Close()
		}(c)
	}
	wg.Wait()
}
`,
      good: `package p

import "sync"

type Conn struct{}

func (c *Conn) Close() error { return nil }

func CloseAll(conns []*Conn) {
	var wg sync.WaitGroup
	for _, c := range conns {
		wg.Add(1)
		go func(c *Conn) {
			defer wg.Done()
			if c == nil {
				return
			}
			_ = c.Close()
		}(c)
	}
	wg.Wait()
}
`,
      fix: 'Keep the deferred Done and remove the direct one.',
      seeAlso: ['https://pkg.go.dev/sync#WaitGroup.Add (panics if the counter goes negative)'],
    },
    messages: {
      twice: '{call} here and the {wg}.Done() deferred at {deferAt} both run: two Dones for one Add — "sync: negative WaitGroup counter" panic, or Wait returning while others still run',
    },
    help: {
      twice: 'Remove this {call}: the deferred one already runs on every path.',
    },
    fix: 'none',
    i18n: {
      'zh-CN': {
        title: '同一路径上 wg.Done 调用了两次（defer 一次、直接一次）：WaitGroup 计数器变为负数',
        why: '每个 Done（以及每个 delta 为负的 Add）都会把计数器减一。一个 goroutine 既 `defer wg.Done()` 又直接调用它——通常是在错误路径上加的直接 Done，或者引入 defer 之后遗留下来的——就会为一次 Add 减两次。计数器变为负数，程序以 "sync: negative WaitGroup counter" panic；或者在还有其他 goroutine 被计数时，Wait 在它们还在运行时就提前返回。\n\n当在同一个函数中已经 defer 了同一个 WaitGroup 的 Done 之后，每条路径都会到达的 Done（或 `Add(-n)`）处报告。函数为自己做的多次 Add 有意执行的多个 Done 不报告。',
        fix: '保留 defer 的 Done，删掉直接调用的那个。',
        messages: {
          twice: '这里的 {call} 和在 {deferAt} defer 的 {wg}.Done() 都会执行：一次 Add 对应两次 Done——"sync: negative WaitGroup counter" panic，或者在其他 goroutine 仍在运行时 Wait 就返回了',
        },
        help: {
          twice: '删掉这个 {call}：defer 的那个在每条路径上都会执行。',
        },
      },
    },
    since: '0.1.0',
    mentions: ['Done()'],
  },
  checkPackage(ctx) {
    const pkg = ctx.pkg;
    // a second Done needs a Done (or an Add(-n)) in the function or a closure it defers
    const withDone = functionsCallingMethods(pkg, ['Done', 'Add']);
    for (const fn of pkg.functions) {
      if (!fn.body || !withDone.has(fn) || skipFile(pkg.fileOfNode(fn))) continue;
      for (const e of doneEvents(pkg, fn).extra) {
        const d = e.before.deferred;
        if (!d) continue;
        ctx.report({
          node: e.call,
          messageId: 'twice',
          data: { wg: e.wg, call: text(ctx, e.call), deferAt: where(ctx, e.call, d) },
          related: [{ node: d, message: 'Done is deferred here and runs as well' }],
        });
      }
    }
  },
});
