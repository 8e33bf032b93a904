import { defineRule } from '../../engine/rule.js';
import { mapRaces } from '../../model/mapraces.js';
import { MAP_FIX_HELP, raceRelated, sourceText, where } from './race-report.js';

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
    since: '0.1.0',
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
