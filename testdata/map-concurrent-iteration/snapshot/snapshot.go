// Package snapshot walks shared maps only while holding their lock, or walks a copy.
package snapshot

import (
	"fmt"
	"io"
	"sync"
	"time"
)

type Stats struct {
	mu     sync.RWMutex
	counts map[string]int
}

func (s *Stats) Start(events <-chan string) {
	go func() {
		for e := range events {
			s.mu.Lock()
			s.counts[e]++
			s.mu.Unlock()
		}
	}()
}

// Dump holds the read lock for the whole loop.
func (s *Stats) Dump(w io.Writer) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for k, v := range s.counts {
		fmt.Fprintf(w, "%s=%d\n", k, v)
	}
}

// Top copies under the lock and ranges over the copy without it.
func (s *Stats) Top() string {
	s.mu.RLock()
	cp := make(map[string]int, len(s.counts))
	for k, v := range s.counts {
		cp[k] = v
	}
	s.mu.RUnlock()
	best, n := "", -1
	for k, v := range cp {
		if v > n {
			best, n = k, v
		}
	}
	return best
}

// Drain ranges over a map only after the writers are done.
func Drain(batches [][]string) []string {
	seen := make(map[string]time.Time)
	var wg sync.WaitGroup
	var mu sync.Mutex
	for _, b := range batches {
		wg.Add(1)
		go func(b []string) {
			defer wg.Done()
			for _, x := range b {
				mu.Lock()
				seen[x] = time.Now()
				mu.Unlock()
			}
		}(b)
	}
	wg.Wait()
	var out []string
	for k := range seen {
		out = append(out, k)
	}
	return out
}
