import { defineRule } from '../../engine/rule.js';
import { copySites } from '../lock-misuse/copies.js';
import { funcName, skipFile } from '../lock-misuse/lock-text.js';

export default defineRule({
  meta: {
    id: 'waitgroup-by-value',
    family: 'waitgroup',
    severity: 'error',
    category: 'correctness',
    title: 'sync.WaitGroup passed or copied by value',
    docs: {
      why:
        'A WaitGroup is a counter: a copy counts on its own. The classic case is a worker taking `wg ' +
        'sync.WaitGroup` as a parameter: its `defer wg.Done()` decrements the copy, the original never reaches ' +
        'zero and `wg.Wait()` blocks forever (or, when the copy was made before Add, Done panics with "sync: ' +
        'negative WaitGroup counter"). The same goes for value receivers, assignments, range variables, returns ' +
        'and composite literals.\n\n' +
        'Reported for copies of a bare sync.WaitGroup; a struct that contains one is reported once, by ' +
        'lock-copied. Fresh zero values that nobody can have used yet are not reported.',
      bad: `package p

import "sync"

func worker(id int, jobs <-chan int, wg sync.WaitGroup) {
	defer wg.Done()
	for j := range jobs {
		_ = j * id
	}
}

func Run(jobs <-chan int) {
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go worker(i, jobs, wg)
	}
	wg.Wait()
}
`,
      good: `package p

import "sync"

func worker(id int, jobs <-chan int, wg *sync.WaitGroup) {
	defer wg.Done()
	for j := range jobs {
		_ = j * id
	}
}

func Run(jobs <-chan int) {
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go worker(i, jobs, &wg)
	}
	wg.Wait()
}
`,
      fix: 'Pass `*sync.WaitGroup` (`&wg`), or capture the WaitGroup in a closure; keep WaitGroups in structs behind pointers.',
      seeAlso: ['go vet copylocks', 'https://pkg.go.dev/sync#WaitGroup (must not be copied after first use)'],
    },
    messages: {
      recv: '{fn} has a sync.WaitGroup value receiver: Add, Done and Wait act on a copy',
      param: 'parameter {name} of {fn} is a sync.WaitGroup passed by value: its Done decrements a copy, and the caller\'s Wait never returns',
      assign: 'assignment copies a sync.WaitGroup: the copy counts on its own',
      range: 'range variable {name} copies each sync.WaitGroup',
      return: 'return copies a sync.WaitGroup: the caller waits on a separate counter',
      call: 'call of {name} passes a sync.WaitGroup by value: Done in the callee decrements a copy, and Wait here never returns',
      literal: 'composite literal copies a sync.WaitGroup',
    },
    help: {
      recv: 'Use a pointer receiver.',
      param: 'Take *sync.WaitGroup and pass &wg.',
      assign: 'Copy a pointer (&wg).',
      range: 'Range over indexes and take the address: for i := range wgs { wg := &wgs[i] }.',
      return: 'Return *sync.WaitGroup.',
      call: 'Pass &wg to a *sync.WaitGroup parameter.',
      literal: 'Store *sync.WaitGroup.',
    },
    fix: 'none',
    i18n: {
      'zh-CN': {
        title: '按值传递或复制了 sync.WaitGroup',
        why: 'WaitGroup 是一个计数器：副本各数各的。典型情况是 worker 以 `wg sync.WaitGroup` 作为参数：它的 `defer wg.Done()` 减的是副本，原来的计数器永远到不了 0，`wg.Wait()` 永远阻塞（如果副本是在 Add 之前复制的，Done 会 panic："sync: negative WaitGroup counter"）。值接收者、赋值、range 变量、return 和复合字面量也是同样的问题。\n\n对单独的 sync.WaitGroup 的复制报告；包含 WaitGroup 的结构体只由 lock-copied 报告一次。还不可能被用过的新建零值不报告。',
        fix: '传 `*sync.WaitGroup`（`&wg`），或者在闭包中捕获 WaitGroup；结构体中的 WaitGroup 通过指针传递。',
        messages: {
          recv: '{fn} 的接收者是 sync.WaitGroup 值：Add、Done 和 Wait 操作的都是副本',
          param: '{fn} 的参数 {name} 是按值传递的 sync.WaitGroup：它的 Done 减的是副本，调用方的 Wait 永远不会返回',
          assign: '赋值复制了 sync.WaitGroup：副本单独计数',
          range: 'range 变量 {name} 复制了每个 sync.WaitGroup',
          return: 'return 复制了 sync.WaitGroup：调用方等待的是另一个计数器',
          call: '调用 {name} 时按值传递了 sync.WaitGroup：被调函数中的 Done 减的是副本，这里的 Wait 永远不会返回',
          literal: '复合字面量复制了 sync.WaitGroup',
        },
        help: {
          recv: '改用指针接收者。',
          param: '改为接收 *sync.WaitGroup，并传入 &wg。',
          assign: '复制指针（&wg）。',
          range: '按下标 range 并取地址：for i := range wgs { wg := &wgs[i] }。',
          return: '返回 *sync.WaitGroup。',
          call: '把 &wg 传给 *sync.WaitGroup 类型的参数。',
          literal: '存 *sync.WaitGroup。',
        },
      },
    },
    since: '0.1.0',
    mentions: ['WaitGroup'],
  },
  checkPackage(ctx) {
    for (const site of copySites(ctx.pkg)) {
      if (!site.waitGroup) continue;
      const file = ctx.pkg.fileOfNode(site.node);
      if (skipFile(file)) continue;
      ctx.report({
        node: site.node,
        file,
        messageId: site.kind,
        data: { fn: site.fn ? funcName(site.fn) : 'package', name: site.name },
      });
    }
  },
});
