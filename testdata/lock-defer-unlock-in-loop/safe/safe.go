// Defers in loops that do not hold a lock across iterations: none may be reported.
package safe

import (
	"os"
	"sync"
)

type Shard struct {
	mu sync.RWMutex
	m  map[string]int
}

// Lock every shard, release them all at return.
func Snapshot(shards []*Shard) map[string]int {
	out := map[string]int{}
	for _, s := range shards {
		s.mu.RLock()
		defer s.mu.RUnlock()
	}
	for _, s := range shards {
		for k, v := range s.m {
			out[k] = v
		}
	}
	return out
}

// The same by index.
func LockAll(shards []Shard) {
	for i := range shards {
		shards[i].mu.Lock()
		defer shards[i].mu.Unlock()
	}
}

type Table struct {
	mu   sync.Mutex
	rows []int
}

// The loop body is a function literal: its defer runs per iteration.
func (t *Table) Each(f func(int)) {
	for i := range t.rows {
		func() {
			t.mu.Lock()
			defer t.mu.Unlock()
			f(t.rows[i])
		}()
	}
}

// Find returns right after the defer: the loop never comes back.
func (t *Table) Find(want int) int {
	for i := 0; ; i++ {
		t.mu.Lock()
		if i >= len(t.rows) {
			t.mu.Unlock()
			return -1
		}
		defer t.mu.Unlock()
		return t.rows[i]
	}
}

// Deferred closes in a loop are another rule's business.
func readAll(paths []string) error {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
	}
	return nil
}
