import { defineRule } from '../../engine/rule.js';
import { mapRaces } from '../../model/mapraces.js';
import { MAP_FIX_HELP, MAP_FIX_HELP_ZH, raceRelated, sourceText, where } from './race-report.js';

export default defineRule({
  meta: {
    id: 'map-concurrent-iteration',
    family: 'map-concurrency',
    severity: 'error',
    category: 'correctness',
    title: 'map ranged over in one goroutine while another writes it',
    docs: {
      why:
        "`for k, v := range m` walks the map's buckets across many steps. A write from another goroutine in the " +
        'meantime (including `delete`) breaks the iterator; the runtime aborts with `fatal error: concurrent map ' +
        'iteration and map write`. Holding a read lock for the whole loop, or iterating over a copy taken under ' +
        'the lock, fixes it.',
      bad: `package p

import "time"

type registry struct {
	peers map[string]time.Time
}

func (r *registry) expire() {
	for {
		for id, seen := range r.peers {
			if time.Since(seen) > time.Minute {
				delete(r.peers, id)
			}
		}
		time.Sleep(time.Second)
	}
}

func (r *registry) Start() { go r.expire() }

func (r *registry) Seen(id string) { r.peers[id] = time.Now() }
`,
      good: `package p

import (
	"sync"
	"time"
)

type registry struct {
	mu    sync.Mutex
	peers map[string]time.Time
}

func (r *registry) expire() {
	for {
		r.mu.Lock()
		for id, seen := range r.peers {
			if time.Since(seen) > time.Minute {
				delete(r.peers, id)
			}
		}
		r.mu.Unlock()
		time.Sleep(time.Second)
	}
}

func (r *registry) Start() { go r.expire() }

func (r *registry) Seen(id string) {
	r.mu.Lock()
	r.peers[id] = time.Now()
	r.mu.Unlock()
}
`,
      fix: "Hold the map's lock (RLock is enough for a read-only loop) for the whole range loop, or range over a copy made under the lock.",
      seeAlso: ['runtime: fatal error: concurrent map iteration and map write'],
    },
    messages: {
      race: 'concurrent map iteration and map write: {map} is written here while {other} ranges over it in code that runs at the same time, with no lock held in common',
    },
    help: { race: MAP_FIX_HELP },
    fix: 'none',
    i18n: {
      'zh-CN': {
        title: '一个 goroutine 遍历 map 时另一个 goroutine 在写它',
        why: '`for k, v := range m` 会分很多步遍历 map 的 bucket。在此期间另一个 goroutine 的写入（包括 `delete`）会破坏迭代器；运行时会以 `fatal error: concurrent map iteration and map write` 中止进程。在整个循环期间持有读锁，或者在锁内复制一份再遍历副本，都能解决。',
        fix: '在整个 range 循环期间持有 map 的锁（只读的循环用 RLock 就够了），或者遍历在锁内复制出来的副本。',
        messages: {
          race: 'concurrent map iteration and map write：这里写 {map} 的同时，{other} 在并发运行的代码中遍历它，且它们没有共同持有的锁',
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
      if (race.kind !== 'iterate') continue;
      const loops = race.conflicts.filter((c) => c.b.access.kind === 'iterate');
      ctx.report({
        node: race.write,
        messageId: 'race',
        data: { map: sourceText(ctx, loops[0]!.a.access.target), other: where(ctx, race.write, loops[0]!.b.access.node) },
        related: raceRelated(ctx, race, loops),
      });
    }
  },
});
