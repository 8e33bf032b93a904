// Package handoff passes maps between goroutines instead of sharing them.
package handoff

import "sync"

// Batches builds one map per batch in a worker and hands it over on a channel; the
// receiver is the only one to touch it afterwards.
func Batches(lines [][]string) []map[string]int {
	out := make(chan map[string]int)
	for _, batch := range lines {
		go func(batch []string) {
			m := make(map[string]int) // per goroutine
			for _, l := range batch {
				m[l]++
			}
			out <- m
		}(batch)
	}
	var all []map[string]int
	for range lines {
		m := <-out
		m["_batches"] = len(lines) // the sender no longer uses it
		all = append(all, m)
	}
	return all
}

// Prepare fills a map in a goroutine and waits for it on a channel before writing again.
func Prepare(keys []string) map[string]bool {
	m := make(map[string]bool)
	done := make(chan struct{})
	go func() {
		for _, k := range keys {
			m[k] = true
		}
		close(done)
	}()
	<-done
	m["ready"] = true // the goroutine has finished
	return m
}

// Rounds runs a goroutine per round and joins it before the next round starts.
func Rounds(rounds [][]int) map[int]int {
	m := make(map[int]int)
	for _, r := range rounds {
		var wg sync.WaitGroup
		wg.Add(1)
		go func(r []int) {
			defer wg.Done()
			for _, v := range r {
				m[v]++
			}
		}(r)
		wg.Wait() // one goroutine at a time
		m[-1]++
	}
	return m
}

// PerIteration gives each goroutine a map declared inside the loop.
func PerIteration(n int, sink chan<- map[int]int) {
	for i := 0; i < n; i++ {
		local := map[int]int{}
		go func(i int) {
			local[i] = i
			sink <- local
		}(i)
	}
}
