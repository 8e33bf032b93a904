package readers

import "sync"

// WriteWhileReadingLocked takes an RWMutex: Lock for the writer, RLock for the reader.
func WriteWhileReadingLocked() int {
	m := make(map[int]int)
	var mu sync.RWMutex
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := 0; i < 1000; i++ {
			mu.Lock()
			m[i] = i
			mu.Unlock()
		}
	}()
	sum := 0
	go func() {
		defer wg.Done()
		for i := 0; i < 1000; i++ {
			mu.RLock()
			v := m[i]
			mu.RUnlock()
			sum += v
		}
	}()
	wg.Wait()
	return sum + len(m) // after wg.Wait: both goroutines are done
}

// Prebuilt fills the table before starting the readers; afterwards it is only read.
func Prebuilt(keys []string) []int {
	index := make(map[string]int, len(keys))
	for i, k := range keys {
		index[k] = i
	}
	out := make([]int, len(keys))
	var wg sync.WaitGroup
	for i, k := range keys {
		wg.Add(1)
		go func(i int, k string) {
			defer wg.Done()
			out[i] = index[k]
		}(i, k)
	}
	wg.Wait()
	return out
}
