// Package tally counts labels in worker goroutines, with a map borrowed from a pool.
package tally

import "sync"

var maps = sync.Pool{New: func() any { return map[string]int{} }}

func count(labels []string, m map[string]int, done chan<- struct{}) {
	for _, l := range labels {
		m[l]++
	}
	done <- struct{}{}
}

// Start hands the map to a worker and puts it back at once.
func Start(labels []string) <-chan struct{} {
	done := make(chan struct{}, 1)
	m := maps.Get().(map[string]int)
	go count(labels, m, done)
	maps.Put(m) // want `m is returned to the pool while the goroutine started at line 19 may still use it`
	return done
}

// StartDeferred returns the map to the pool when Start returns, while the worker runs on.
func StartDeferred(labels []string) <-chan struct{} {
	done := make(chan struct{}, 1)
	m := maps.Get().(map[string]int)
	defer maps.Put(m) // want `m is returned to the pool while the goroutine started at line 29 may still use it`
	go count(labels, m, done)
	return done
}

// Wait puts the map back with defer, after waiting for the worker.
func Wait(labels []string) int {
	done := make(chan struct{}, 1)
	m := maps.Get().(map[string]int)
	defer maps.Put(m)
	go count(labels, m, done)
	<-done
	return len(m)
}
