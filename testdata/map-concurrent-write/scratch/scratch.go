// Package scratch reuses maps from a sync.Pool to count tokens.
package scratch

import (
	"strings"
	"sync"
)

var counts = sync.Pool{New: func() any { return make(map[string]int) }}

// Tally counts the words of two halves of a text in parallel, both into one pooled map.
func Tally(text string) int {
	m := counts.Get().(map[string]int)
	words := strings.Fields(text)
	half := len(words) / 2
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for _, w := range words[:half] {
			m[w]++ // want `concurrent map writes: m is also written at line 27`
		}
	}()
	go func() {
		defer wg.Done()
		for _, w := range words[half:] {
			m[w]++
		}
	}()
	wg.Wait()
	n := len(m)
	for k := range m {
		delete(m, k) // after wg.Wait: only this goroutine still holds m
	}
	counts.Put(m)
	return n
}
