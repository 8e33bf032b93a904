// Package loadtest hammers a map from several goroutines, the way a quick benchmark
// or a "does this crash?" experiment does.
package loadtest

import "sync"

// FillTwice starts two writers that each store keys 0..999 in the same map.
func FillTwice() map[int]int {
	m := make(map[int]int)
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 1000; j++ {
				m[j] = j // want `concurrent map writes: m is written by goroutines that run at the same time`
			}
		}()
	}
	wg.Wait()
	return m
}

// LastWriterWins has two goroutines set the same key to different values.
func LastWriterWins() int {
	state := map[string]int{}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		state["mode"] = 1 // want `concurrent map writes: state is also written at line 35`
	}()
	go func() {
		defer wg.Done()
		state["mode"] = 2
	}()
	wg.Wait()
	return state["mode"]
}

// BumpHits increments one counter from three goroutines and never waits for them;
// the ++ reads and writes the map.
func BumpHits(hits map[string]int) {
	for i := 0; i < 3; i++ {
		go func() {
			hits["key"]++ // want `concurrent map writes: hits is written by goroutines`
		}()
	}
}
