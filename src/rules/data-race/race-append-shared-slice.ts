import { defineRule } from '../../engine/rule.js';
import { varRaces } from '../../model/varraces.js';
import { where } from '../map-concurrency/race-report.js';
import { accessWord, otherAccess, raceRelated } from './race-text.js';

export default defineRule({
  meta: {
    id: 'race-append-shared-slice',
    family: 'data-race',
    severity: 'error',
    category: 'correctness',
    title: 'append to a slice shared by goroutines that run at the same time',
    docs: {
      why:
        '`s = append(s, x)` reads the slice header (pointer, length, capacity), writes the element, and stores a new ' +
        'header. Two goroutines doing it at once both read the same length: one element overwrites the other, and ' +
        'the header stored last wins, so results are silently lost (fewer elements than goroutines), or a torn header ' +
        'pairs a new length with an old array and the program reads garbage or panics. The usual fan-out bug: ' +
        'workers collecting results into one slice.',
      bad: `package p

import "sync"

func squares(n int) []int {
	var out []int
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			out = append(out, i*i)
		}(i)
	}
	wg.Wait()
	return out
}
`,
      good: `package p

import "sync"

func squares(n int) []int {
	out := make([]int, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			out[i] = i * i
		}(i)
	}
	wg.Wait()
	return out
}
`,
      fix: 'Give each goroutine its own index in a slice allocated up front (`out[i] = v`), send results over a channel and append in one goroutine, or hold a mutex around the append.',
      seeAlso: ['the race detector (go test -race)'],
    },
    messages: {
      self: 'data race: goroutines that run at the same time append to {name}; appends get lost and the slice header can tear',
      pair: 'data race: {name} is appended to here while {other} at {at} by code that runs at the same time; appends get lost and the slice header can tear',
    },
    help: {
      self: 'allocate the slice up front and let each goroutine write its own index, collect results over a channel, or hold a mutex around the append',
      pair: 'allocate the slice up front and let each goroutine write its own index, collect results over a channel, or hold a mutex around every access',
    },
    fix: 'none',
    i18n: {
      'zh-CN': {
        title: '同时运行的多个 goroutine 向同一个切片 append',
        why: '`s = append(s, x)` 会读取切片头（指针、长度、容量），写入元素，再存回新的切片头。两个 goroutine 同时这样做时会读到相同的长度：一个元素覆盖另一个，最后写回的切片头生效，结果被悄悄丢掉（元素比 goroutine 少）；或者切片头被撕裂，新长度配上旧数组，程序读到垃圾数据甚至 panic。典型的扇出 bug：多个 worker 把结果收集到同一个切片里。',
        fix: '预先分配好切片，让每个 goroutine 写自己的下标（`out[i] = v`）；或者通过 channel 发送结果，由一个 goroutine 负责 append；或者在 append 外面加 mutex。',
        messages: {
          self: '数据竞争：同时运行的多个 goroutine 向 {name} append；append 的结果会丢失，切片头可能被撕裂',
          pair: '数据竞争：这里向 {name} append，而在 {at} 处同时运行的代码中 {other}；append 的结果会丢失，切片头可能被撕裂',
        },
        help: {
          self: '预先分配切片并让每个 goroutine 写自己的下标，通过 channel 收集结果，或者在 append 外面加 mutex',
          pair: '预先分配切片并让每个 goroutine 写自己的下标，通过 channel 收集结果，或者对每次访问都加 mutex',
        },
      },
    },
    since: '0.1.0',
  },
  checkPackage(ctx) {
    for (const race of varRaces(ctx.pkg).races) {
      if (race.kind !== 'append') continue;
      const other = otherAccess(race);
      const self = other === race.access || (other.append === true && other.node === race.node);
      ctx.report({
        node: race.node,
        messageId: self ? 'self' : 'pair',
        data: { name: race.name, other: `it is ${accessWord(other)}`, at: self ? '' : where(ctx, race.node, other.node) },
        related: raceRelated(race),
      });
    }
  },
});
