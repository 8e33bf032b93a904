// Package safe returns pooled maps only once no goroutine uses them any more.
package safe

import (
	"log"
	"sync"
)

var pool = sync.Pool{New: func() any { return make(map[string]int) }}

func reset(m map[string]int) {
	for k := range m {
		delete(m, k)
	}
}

// InGoroutine lets the goroutine put the map back after its last use.
func InGoroutine(words []string) {
	m := pool.Get().(map[string]int)
	go func() {
		defer pool.Put(m)
		defer reset(m)
		for _, w := range words {
			m[w]++
		}
		log.Println(len(m))
	}()
}

// AfterWait puts the map back after the workers are joined.
func AfterWait(words []string) int {
	m := pool.Get().(map[string]int)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, w := range words {
		wg.Add(1)
		go func(w string) {
			defer wg.Done()
			mu.Lock()
			m[w]++
			mu.Unlock()
		}(w)
	}
	wg.Wait()
	n := len(m)
	reset(m)
	pool.Put(m)
	return n
}

// AfterDone waits for the goroutine's signal before putting the map back.
func AfterDone(words []string) int {
	m := pool.Get().(map[string]int)
	done := make(chan int)
	go func() {
		for _, w := range words {
			m[w]++
		}
		done <- len(m)
	}()
	n := <-done
	reset(m)
	pool.Put(m)
	return n
}

// OwnMap gives each goroutine a map of its own from the pool.
func OwnMap(batches [][]string) {
	for _, b := range batches {
		go func(b []string) {
			m := pool.Get().(map[string]int)
			for _, w := range b {
				m[w]++
			}
			reset(m)
			pool.Put(m)
		}(b)
	}
}
