// Package gcstats fills a map in a goroutine while the caller walks it and forces
// collections; the GC is irrelevant, the unsynchronised iteration is the bug.
package gcstats

import "runtime"

func Walk() int {
	m := make(map[int][]byte)
	go func() {
		for i := 0; ; i++ {
			m[i%4096] = make([]byte, 1024) // want `concurrent map iteration and map write: m is written here while line 19 ranges over it`
		}
	}()
	total := 0
	for round := 0; round < 10; round++ {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		total += int(ms.NumGC)
		for range m {
			runtime.GC()
		}
	}
	return total
}
