// Package handoff shares maps only across a happens-before edge.
package handoff

import "sync"

// Index builds a map in a goroutine and reads it only after receiving the done signal.
func Index(words []string) int {
	idx := make(map[string]int)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i, w := range words {
			idx[w] = i
		}
	}()
	<-done
	return idx["go"]
}

// Collect receives maps built by workers; the worker never touches a map after sending it.
func Collect(jobs [][]string) int {
	results := make(chan map[string]bool)
	var wg sync.WaitGroup
	for _, job := range jobs {
		wg.Add(1)
		go func(job []string) {
			defer wg.Done()
			seen := make(map[string]bool)
			for _, j := range job {
				seen[j] = true
			}
			results <- seen
		}(job)
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	total := 0
	for seen := range results {
		total += len(seen)
		if seen["stop"] {
			break
		}
	}
	return total
}

// Summaries joins the workers with a WaitGroup before reading what they wrote.
func Summaries(groups map[string][]int) map[string]int {
	sums := make(map[string]int)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for name, vals := range groups {
		wg.Add(1)
		go func(name string, vals []int) {
			defer wg.Done()
			t := 0
			for _, v := range vals {
				t += v
			}
			mu.Lock()
			sums[name] = t
			mu.Unlock()
		}(name, vals)
	}
	wg.Wait()
	if sums["total"] == 0 {
		return nil
	}
	return sums
}
