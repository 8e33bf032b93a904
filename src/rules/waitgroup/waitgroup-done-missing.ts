import type * as ast from '../../parse/ast.js';
import { defineRule } from '../../engine/rule.js';
import { Concurrency } from '../../model/concurrency.js';
import { skipFile, where } from '../lock-misuse/lock-text.js';
import { countsInLoop, doneDelta, doneEvents } from './dones.js';
import { callsIn } from '../../model/locks.js';
import { inspect } from '../../parse/walk.js';

export default defineRule({
  meta: {
    id: 'waitgroup-done-missing',
    family: 'waitgroup',
    severity: 'error',
    category: 'correctness',
    title: 'goroutine returns without calling wg.Done on some path',
    docs: {
      why:
        'Every Add needs its Done. A goroutine that calls `wg.Done()` at the end of its body, not deferred, ' +
        'skips it on every early return (an error, a cancelled context, an invalid item): the counter never ' +
        'reaches zero and `wg.Wait()` blocks forever, taking with it whoever waits for the result. The same ' +
        'happens when runtime.Goexit or t.FailNow runs before a non-deferred Done.\n\n' +
        'Reported at each return of a goroutine (a `go` statement\'s function) that calls Done on some paths but ' +
        'reaches this return with no Done run and none deferred. Not reported: Done deferred before the return, ' +
        'goroutines that count items in a loop (one Done per item), panics (they end the program).',
      bad: `package p

import (
	"errors"
	"sync"
)

type Order struct{ ID, Qty int }

func Reserve(orders []Order, reserve func(Order) error) []error {
	var wg sync.WaitGroup
	errs := make([]error, len(orders))
	for i, o := range orders {
		wg.Add(1)
		go func(i int, o Order) {
			if o.Qty <= 0 {
				errs[i] = errors.New("empty order")
				return
			}
			errs[i] = reserve(o)
			wg.Done()
		}(i, o)
	}
	wg.Wait()
	return errs
}
`,
      good: `package p

import (
	"errors"
	"sync"
)

type Order struct{ ID, Qty int }

func Reserve(orders []Order, reserve func(Order) error) []error {
	var wg sync.WaitGroup
	errs := make([]error, len(orders))
	for i, o := range orders {
		wg.Add(1)
		go func(i int, o Order) {
			defer wg.Done()
			if o.Qty <= 0 {
				errs[i] = errors.New("empty order")
				return
			}
			errs[i] = reserve(o)
		}(i, o)
	}
	wg.Wait()
	return errs
}
`,
      fix: 'Make `defer wg.Done()` the first statement of the goroutine.',
      seeAlso: ['seed catalog (WaitGroup Done on every path)'],
    },
    messages: {
      missing: 'the goroutine returns here without {wg}.Done(): it calls Done only at {doneAt}, so the counter never reaches zero and {wg}.Wait() blocks forever',
    },
    help: {
      missing: 'Put `defer {wg}.Done()` at the top of the goroutine.',
    },
    fix: 'none',
    i18n: {
      'zh-CN': {
        title: 'goroutine 在某条路径上没有调用 wg.Done 就返回了',
        why: '每个 Add 都需要对应的 Done。在函数体末尾直接调用 `wg.Done()`（而不是 defer）的 goroutine，在每个提前返回的路径上（出错、context 取消、无效的输入）都会跳过它：计数器永远到不了 0，`wg.Wait()` 永远阻塞，等待结果的调用方也跟着卡住。在非 defer 的 Done 之前执行 runtime.Goexit 或 t.FailNow 也是一样。\n\n在 goroutine（`go` 语句启动的函数）的某个 return 处报告：它在某些路径上调用 Done，但到达这个 return 时既没有执行过 Done，也没有 defer Done。不报告的情况：在 return 之前已经 defer 的 Done、在循环中逐项计数的 goroutine（每项一个 Done）、panic（会结束程序）。',
        fix: '把 `defer wg.Done()` 作为 goroutine 的第一条语句。',
        messages: {
          missing: 'goroutine 在这里返回时没有调用 {wg}.Done()：它只在 {doneAt} 调用 Done，所以计数器永远到不了 0，{wg}.Wait() 永远阻塞',
        },
        help: {
          missing: '在 goroutine 开头写 `defer {wg}.Done()`。',
        },
      },
    },
    since: '0.1.0',
    mentions: ['Done()'],
  },
  checkPackage(ctx) {
    const pkg = ctx.pkg;
    const conc = Concurrency.of(pkg);
    const done = new Set<ast.Node>();
    for (const root of conc.roots) {
      if (root.kind !== 'go') continue;
      const fn = root.entry;
      if (done.has(fn) || !fn.body || skipFile(pkg.fileOfNode(fn))) continue;
      done.add(fn);
      // the WaitGroups this goroutine calls Done on directly, once (not per item)
      const direct = new Map<string, ast.CallExpr>();
      const added = new Set<string>();
      inspect(fn.body, (n) => {
        if (n.kind === 'FuncLit' || n.kind === 'DeferStmt') return false;
        if (n.kind === 'CallExpr') {
          const d = doneDelta(pkg, n);
          if (d?.delta === 1 && !direct.has(d.wg)) direct.set(d.wg, n);
          else if (d) added.add(d.wg);
        }
        return true;
      });
      if (direct.size === 0) continue;
      const ev = doneEvents(pkg, fn);
      for (const [wg, call] of direct) {
        if (added.has(wg) || countsInLoop(pkg, fn, wg)) continue;
        for (const exit of ev.exits) {
          if (exit.kind !== 'return' || exit.at.kind !== 'ReturnStmt') continue;
          const c = exit.counts.get(wg);
          if (c && (c.deferred || Number.isNaN(c.net) || c.net >= 1)) continue;
          // a return that calls something (return finish(wg)) may run the Done in the callee
          if (callsIn(exit.at).length > 0) continue;
          ctx.report({
            pos: exit.at.pos,
            end: exit.at.pos + 'return'.length,
            file: pkg.fileOfNode(exit.at),
            messageId: 'missing',
            data: { wg, doneAt: where(ctx, exit.at, call) },
            related: [
              { node: call, message: 'Done is called here, on the other paths' },
              { node: root.site, message: 'the goroutine is started here' },
            ],
          });
        }
      }
    }
  },
});

