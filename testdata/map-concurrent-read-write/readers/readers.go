// Package readers fills a lookup table in one goroutine while another reads it.
package readers

import "sync"

func WriteWhileReading() int {
	m := make(map[int]int)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := 0; i < 1000; i++ {
			m[i] = i // want `concurrent map read and map write: m is written here while line 20 reads it`
		}
	}()
	sum := 0
	go func() {
		defer wg.Done()
		for i := 0; i < 1000; i++ {
			if v, ok := m[i]; ok {
				sum += v
			}
		}
	}()
	wg.Wait()
	return sum
}
