package safe

import (
	"sync"
	"sync/atomic"
	"testing"
)

// Totals of a parallel benchmark: RunParallel returns after every callback finished.
func BenchmarkLookup(b *testing.B, lookup func(string) bool) {
	var hits, misses int64
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if lookup("k") {
				atomic.AddInt64(&hits, 1)
			} else {
				atomic.AddInt64(&misses, 1)
			}
		}
	})
	b.ReportMetric(float64(hits)/float64(hits+misses), "hit-ratio")
}

// A fan-out joined by a WaitGroup before the totals are read.
func Crawl(urls []string, fetch func(string) error) (ok, failed int32) {
	var wg sync.WaitGroup
	count := func(err error) {
		if err != nil {
			atomic.AddInt32(&failed, 1)
			return
		}
		atomic.AddInt32(&ok, 1)
	}
	for _, u := range urls {
		wg.Add(1)
		go func(u string) {
			defer wg.Done()
			count(fetch(u))
		}(u)
	}
	wg.Wait()
	return ok, failed
}
