package wordcount

import "sync"

// Count counts words in parallel but every goroutine writes the shared map.
func Count(words []string) map[string]int {
	counts := make(map[string]int)
	var wg sync.WaitGroup
	for _, w := range words {
		wg.Add(1)
		go func(w string) {
			defer wg.Done()
			counts[w]++ // want `concurrent map writes: counts is written by goroutines that run at the same time`
		}(w)
	}
	wg.Wait()
	return counts
}

func writer(m map[int]int, base int, wg *sync.WaitGroup) {
	defer wg.Done()
	for i := 0; i < 1000; i++ {
		m[i%128] = base + i // want `concurrent map writes: m is written`
	}
}

func Fill() map[int]int {
	m := make(map[int]int)
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go writer(m, g, &wg)
	}
	wg.Wait()
	return m
}
