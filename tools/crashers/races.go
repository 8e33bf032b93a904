package main

import (
	"sync"
	"sync/atomic"
	"time"
)

type counter struct {
	hits map[string]int
	n    int
}

func (c *counter) inc(key string) {
	c.n++         // struct field race
	c.hits[key]++ // map race
}

var total int64

func addAtomic() {
	atomic.AddInt64(&total, 1)
}

func readPlain() int64 {
	return total // plain read of an atomically written variable
}

func races([]string) {
	var wg sync.WaitGroup
	c := &counter{hits: map[string]int{}}
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.inc("k")
		}()
	}
	wg.Wait()

	wg.Add(1)
	go func() {
		defer wg.Done()
		addAtomic()
	}()
	time.Sleep(10 * time.Millisecond)
	_ = readPlain()
	wg.Wait()

	done := false
	wg.Add(1)
	go func() {
		defer wg.Done()
		done = true // captured variable race
	}()
	time.Sleep(10 * time.Millisecond)
	_ = done
	wg.Wait()

	var results []int
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func(v int) {
			defer wg.Done()
			results = append(results, v) // slice race
		}(i)
	}
	wg.Wait()
	_ = results
}
