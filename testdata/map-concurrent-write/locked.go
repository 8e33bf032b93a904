package wordcount

import "sync"

// CountLocked guards the map with a mutex: no finding.
func CountLocked(words []string) map[string]int {
	counts := make(map[string]int)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, w := range words {
		wg.Add(1)
		go func(w string) {
			defer wg.Done()
			mu.Lock()
			defer mu.Unlock()
			counts[w]++
		}(w)
	}
	wg.Wait()
	return counts
}

// PerGoroutine gives every goroutine its own map: no finding.
func PerGoroutine(batches [][]string, out chan<- map[string]int) {
	for _, b := range batches {
		go func(b []string) {
			local := make(map[string]int)
			for _, w := range b {
				local[w]++
			}
			out <- local
		}(b)
	}
}
