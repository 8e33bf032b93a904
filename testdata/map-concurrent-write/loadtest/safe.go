package loadtest

import "sync"

// Spread fills a map from one goroutine only: growth and collisions are not a hazard.
func Spread() map[int]int {
	m := make(map[int]int, 1)
	for i := 0; i < 9; i++ {
		m[i<<3] = i
	}
	return m
}

// Build returns a fresh map; escaping to the heap is not a hazard either.
func Build() map[string]int {
	m := make(map[string]int)
	m["answer"] = 42
	return m
}

// FillLocked is FillTwice with every write under one mutex.
func FillLocked() map[int]int {
	m := make(map[int]int)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 1000; j++ {
				mu.Lock()
				m[j] = j
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return m
}

// FillSyncMap uses sync.Map, which is safe for concurrent use.
func FillSyncMap() *sync.Map {
	var m sync.Map
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 1000; j++ {
				m.Store(j, j)
			}
		}()
	}
	wg.Wait()
	return &m
}

// CountAfterJoin writes the map again only after every worker has finished.
func CountAfterJoin(parts [][]int) map[int]int {
	total := make(map[int]int)
	var wg sync.WaitGroup
	results := make([]int, len(parts))
	for i, p := range parts {
		wg.Add(1)
		go func(i int, p []int) {
			defer wg.Done()
			for _, v := range p {
				results[i] += v
			}
		}(i, p)
	}
	wg.Wait()
	for i, r := range results {
		total[i] = r // after wg.Wait: the workers are done
	}
	return total
}
