import { defineRule } from '../../engine/rule.js';
import { mapRaces } from '../../model/mapraces.js';
import { MAP_FIX_HELP, MAP_FIX_HELP_ZH, raceRelated, sourceText, where } from './race-report.js';

export default defineRule({
  meta: {
    id: 'map-concurrent-read-write',
    family: 'map-concurrency',
    severity: 'error',
    category: 'correctness',
    title: 'map read in one goroutine while another writes it',
    docs: {
      why:
        'A map lookup (`m[k]`, `v, ok := m[k]`, `len(m)`) that runs while another goroutine writes the map reads a ' +
        'half-updated hash table. The runtime aborts with `fatal error: concurrent map read and map write` when it ' +
        'notices, and `recover` cannot catch it. Reads need the same lock as the writes (an RWMutex lets readers share it).',
      bad: `package p

import (
	"fmt"
	"net/http"
	"time"
)

var rates = map[string]float64{}

func refresh(fetch func(string) float64) {
	for {
		rates["EUR"] = fetch("EUR")
		time.Sleep(time.Minute)
	}
}

func price(w http.ResponseWriter, r *http.Request) {
	fmt.Fprint(w, rates[r.FormValue("currency")])
}

func Start(fetch func(string) float64) {
	go refresh(fetch)
	http.HandleFunc("/price", price)
}
`,
      good: `package p

import (
	"fmt"
	"net/http"
	"sync"
	"time"
)

var (
	mu    sync.RWMutex
	rates = map[string]float64{}
)

func refresh(fetch func(string) float64) {
	for {
		eur := fetch("EUR")
		mu.Lock()
		rates["EUR"] = eur
		mu.Unlock()
		time.Sleep(time.Minute)
	}
}

func price(w http.ResponseWriter, r *http.Request) {
	mu.RLock()
	rate := rates[r.FormValue("currency")]
	mu.RUnlock()
	fmt.Fprint(w, rate)
}

func Start(fetch func(string) float64) {
	go refresh(fetch)
	http.HandleFunc("/price", price)
}
`,
      fix: 'Take the same lock for reads (RLock) and writes (Lock), or use sync.Map, or confine the map to one goroutine.',
      seeAlso: ['the race detector (go test -race)', 'runtime: fatal error: concurrent map read and map write'],
    },
    messages: {
      race: 'concurrent map read and map write: {map} is written here while {other} reads it from code that runs at the same time, with no lock held in common',
    },
    help: { race: MAP_FIX_HELP },
    fix: 'none',
    i18n: {
      'zh-CN': {
        title: '一个 goroutine 读 map 时另一个 goroutine 在写它',
        why: '在另一个 goroutine 写 map 的同时做查找（`m[k]`、`v, ok := m[k]`、`len(m)`），读到的是更新了一半的哈希表。运行时一旦发现就以 `fatal error: concurrent map read and map write` 中止进程，`recover` 捕获不到。读操作需要和写操作持有同一把锁（用 RWMutex 可以让读者共享这把锁）。',
        fix: '读（RLock）和写（Lock）使用同一把锁，或者改用 sync.Map，或者让一个 goroutine 独占这个 map。',
        messages: {
          race: 'concurrent map read and map write：这里写 {map} 的同时，{other} 在并发运行的代码中读它，且它们没有共同持有的锁',
        },
        help: {
          race: MAP_FIX_HELP_ZH,
        },
      },
    },
    since: '0.1.0',
    mentions: ['map'],
  },
  checkPackage(ctx) {
    for (const race of mapRaces(ctx.pkg).races) {
      if (race.kind !== 'read') continue;
      const reads = race.conflicts.filter((c) => c.b.access.kind === 'read');
      ctx.report({
        node: race.write,
        messageId: 'race',
        data: { map: sourceText(ctx, reads[0]!.a.access.target), other: where(ctx, race.write, reads[0]!.b.access.node) },
        related: raceRelated(ctx, race, reads),
      });
    }
  },
});
