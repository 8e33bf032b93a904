package safe

import (
	"hash/fnv"
	"sync/atomic"
	"time"
)

// Each slot packs its epoch with its count and is reset by CAS when the epoch changes.
type Window struct {
	slots [10]uint64 // epoch<<32 | count
	limit uint64
}

func (w *Window) Allow() bool {
	epoch := uint64(time.Now().UnixMilli() / 100)
	i := epoch % 10
	for {
		old := atomic.LoadUint64(&w.slots[i])
		next := epoch<<32 | 1
		if old>>32 == epoch {
			if old&0xffffffff >= w.limit {
				return false
			}
			next = old + 1
		}
		if atomic.CompareAndSwapUint64(&w.slots[i], old, next) {
			return true
		}
	}
}

// A rotating ring: a ticker goroutine zeroes the next slot before the clock reaches it.
type Ring struct {
	counts [60]int64
}

func (r *Ring) Hit() {
	atomic.AddInt64(&r.counts[time.Now().Second()], 1)
}

func (r *Ring) Rotate(stop <-chan struct{}) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case now := <-t.C:
			atomic.StoreInt64(&r.counts[(now.Second()+1)%60], 0)
		case <-stop:
			return
		}
	}
}

// Sharded by key, not by time: counters that only grow are the point.
type Shards struct {
	hits [16]uint64
}

func (s *Shards) Hit(key string) {
	h := fnv.New32a()
	h.Write([]byte(key))
	atomic.AddUint64(&s.hits[h.Sum32()%16], 1)
}
