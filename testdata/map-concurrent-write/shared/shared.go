// Package shared hands the same map to several goroutines in ways that hide it a little.
package shared

import "sync"

var registry = map[string]int{}

// table returns the package map itself, not a copy.
func table() map[string]int { return registry }

func Register(names []string) {
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Add(1)
		go func(n string) {
			defer wg.Done()
			t := table()
			t[n]++ // want `concurrent map writes: t is written by goroutines`
		}(n)
	}
	wg.Wait()
}

type index struct {
	byName map[string]int
}

func newIndex() *index { return &index{byName: map[string]int{}} }

// Build makes one index and lets every goroutine fill it.
func Build(names []string) *index {
	idx := newIndex()
	var wg sync.WaitGroup
	for i, n := range names {
		wg.Add(1)
		go func(i int, n string) {
			defer wg.Done()
			idx.byName[n] = i // want `concurrent map writes: idx.byName is written by goroutines`
		}(i, n)
	}
	wg.Wait()
	return idx
}
