import { defineRule } from '../../engine/rule.js';
import { mapRaces } from '../../model/mapraces.js';
import { MAP_FIX_HELP, MAP_FIX_HELP_ZH, raceRelated, sourceText, where } from './race-report.js';

export default defineRule({
  meta: {
    id: 'map-concurrent-write',
    family: 'map-concurrency',
    severity: 'error',
    category: 'correctness',
    title: 'map written by goroutines that run at the same time',
    docs: {
      why:
        'Go maps are not safe for concurrent use. Two goroutines writing the same map (assignment, `++`, `delete`, ' +
        '`clear`) without a common lock corrupt it; the runtime detects this on a best-effort basis and aborts the whole ' +
        'process with `fatal error: concurrent map writes`, which `recover` cannot catch. The detection is not reliable, ' +
        'so tests that pass prove nothing.',
      bad: `package p

import "sync"

func count(words []string) map[string]int {
	counts := make(map[string]int)
	var wg sync.WaitGroup
	for _, w := range words {
		wg.Add(1)
		go func(w string) {
			defer wg.Done()
			counts[w]++
		}(w)
	}
	wg.Wait()
	return counts
}
`,
      good: `package p

import "sync"

func count(words []string) map[string]int {
	counts := make(map[string]int)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, w := range words {
		wg.Add(1)
		go func(w string) {
			defer wg.Done()
			mu.Lock()
			counts[w]++
			mu.Unlock()
		}(w)
	}
	wg.Wait()
	return counts
}
`,
      fix: 'Guard every access with the same mutex, switch to sync.Map for write-once/read-many or disjoint-key use, shard the map with a lock per shard, or let one goroutine own the map.',
      seeAlso: ['the race detector (go test -race)', 'runtime: fatal error: concurrent map writes'],
    },
    messages: {
      self: 'concurrent map writes: {map} is written by goroutines that run at the same time, with no lock held in common',
      pair: 'concurrent map writes: {map} is also written at {other} by code that runs at the same time, with no lock held in common',
    },
    help: { self: MAP_FIX_HELP, pair: MAP_FIX_HELP },
    fix: 'none',
    i18n: {
      'zh-CN': {
        title: '多个同时运行的 goroutine 写同一个 map',
        why: 'Go 的 map 不是并发安全的。两个 goroutine 在没有共同持有的锁的情况下写同一个 map（赋值、`++`、`delete`、`clear`）会破坏它；运行时只是尽力检测这种情况，一旦发现就以 `fatal error: concurrent map writes` 中止整个进程，`recover` 捕获不到。这种检测并不可靠，所以测试通过说明不了什么。',
        fix: '对每一次访问都用同一个 mutex 保护；写一次读多次或 key 互不相交的场景改用 sync.Map；把 map 分片、每个分片一把锁；或者让一个 goroutine 独占这个 map。',
        messages: {
          self: 'concurrent map writes：{map} 被多个同时运行的 goroutine 写入，且它们没有共同持有的锁',
          pair: 'concurrent map writes：{map} 同时还在 {other} 被并发运行的代码写入，且它们没有共同持有的锁',
        },
        help: {
          self: MAP_FIX_HELP_ZH,
          pair: MAP_FIX_HELP_ZH,
        },
      },
    },
    since: '0.1.0',
    mentions: ['map'],
  },
  checkPackage(ctx) {
    for (const race of mapRaces(ctx.pkg).races) {
      if (race.kind !== 'write') continue;
      const writes = race.conflicts.filter((c) => c.b.access.kind === 'write');
      const self = writes.some((c) => c.b.access.node === race.write);
      const other = writes.find((c) => c.b.access.node !== race.write);
      ctx.report({
        node: race.write,
        messageId: self || !other ? 'self' : 'pair',
        data: { map: sourceText(ctx, writes[0]!.a.access.target), other: other ? where(ctx, race.write, other.b.access.node) : '' },
        related: raceRelated(ctx, race, writes),
      });
    }
  },
});
