import { defineRule } from '../../engine/rule.js';
import { varRaces } from '../../model/varraces.js';
import { where } from '../map-concurrency/race-report.js';
import { accessWord, otherAccess, RACE_FIX_HELP, raceRelated } from './race-text.js';

export default defineRule({
  meta: {
    id: 'race-shared-variable',
    family: 'data-race',
    severity: 'error',
    category: 'correctness',
    title: 'variable, field or element written by goroutines that run at the same time',
    docs: {
      why:
        'A variable, struct field, slice element or pointer target written by one goroutine while another reads or ' +
        'writes it, with no lock, channel or join ordering the two, is a data race. Go gives no guarantee about what ' +
        'the other goroutine sees: updates get lost (`n++` is a load and a store), multi-word values (strings, ' +
        'interfaces, slices) can be observed half-written and crash, and the compiler may hoist a read out of a loop ' +
        'forever. The race detector reports it only when a test happens to exercise the interleaving.',
      bad: `package p

import "sync"

type Stats struct{ Requests int }

func serve(reqs []string, handle func(string)) Stats {
	var st Stats
	var wg sync.WaitGroup
	for _, r := range reqs {
		wg.Add(1)
		go func(r string) {
			defer wg.Done()
			handle(r)
			st.Requests++
		}(r)
	}
	wg.Wait()
	return st
}
`,
      good: `package p

import "sync"

type Stats struct{ Requests int }

func serve(reqs []string, handle func(string)) Stats {
	var st Stats
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, r := range reqs {
		wg.Add(1)
		go func(r string) {
			defer wg.Done()
			handle(r)
			mu.Lock()
			st.Requests++
			mu.Unlock()
		}(r)
	}
	wg.Wait()
	return st
}
`,
      fix: 'Guard every access with one mutex, use an atomic type for counters and flags, or give each goroutine its own result slot (results[i]) and combine after wg.Wait().',
      seeAlso: ['the race detector (go test -race)', 'https://go.dev/ref/mem', 'revive: datarace'],
    },
    messages: {
      self: 'data race: {name} is written by goroutines that run at the same time, with no lock held in common',
      pair: 'data race: {name} is written here and {other} at {at} by code that runs at the same time, with no lock held in common',
    },
    help: { self: RACE_FIX_HELP, pair: RACE_FIX_HELP },
    fix: 'none',
    i18n: {
      'zh-CN': {
        title: '变量、字段或元素被同时运行的多个 goroutine 写入',
        why: '一个变量、结构体字段、切片元素或指针指向的内存，被一个 goroutine 写入的同时被另一个 goroutine 读或写，而两者之间没有锁、channel 或 join 来确定先后，这就是数据竞争。Go 对另一个 goroutine 能看到什么不做任何保证：更新会丢失（`n++` 是一次读加一次写），多字长的值（string、interface、slice）可能被看到写了一半而导致崩溃，编译器也可能把循环中的读取提到循环外，永远看不到新值。竞态检测器只有在测试恰好触发这种交错时才会报告。',
        fix: '所有访问都用同一个 mutex 保护，计数器和标志位改用原子类型，或者让每个 goroutine 写自己的结果槽（results[i]），在 wg.Wait() 之后再合并。',
        messages: {
          self: '数据竞争：{name} 被同时运行的多个 goroutine 写入，且它们没有共同持有的锁',
          pair: '数据竞争：{name} 在这里被写入，而在 {at} 处被同时运行的代码{other}，两者没有共同持有的锁',
        },
        help: {
          self: '对 {name} 的每次访问都用同一个 sync.Mutex 保护，改用原子类型（atomic.Int64、atomic.Pointer），或者让每个 goroutine 使用自己的副本，在 wg.Wait() 之后合并结果',
          pair: '对 {name} 的每次访问都用同一个 sync.Mutex 保护，改用原子类型（atomic.Int64、atomic.Pointer），或者让每个 goroutine 使用自己的副本，在 wg.Wait() 之后合并结果',
        },
      },
    },
    since: '0.1.0',
    optIn: true,
  },
  checkPackage(ctx) {
    for (const race of varRaces(ctx.pkg).races) {
      if (race.kind !== 'shared') continue;
      const other = otherAccess(race);
      const self = other === race.access;
      ctx.report({
        node: race.node,
        messageId: self ? 'self' : 'pair',
        data: { name: race.name, other: accessWord(other), at: self ? '' : where(ctx, race.node, other.node) },
        related: raceRelated(race),
      });
    }
  },
});
