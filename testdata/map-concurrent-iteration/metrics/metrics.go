// Package metrics counts events from worker goroutines and exposes them on /metrics.
package metrics

import (
	"fmt"
	"net/http"
	"sort"
	"sync"
)

var (
	mu       sync.Mutex
	counters = map[string]int64{}
)

// Inc is called by the workers; it takes the lock.
func Inc(name string) {
	mu.Lock()
	counters[name]++ // want `concurrent map iteration and map write: counters is written here while line 40 ranges over it`
	mu.Unlock()
}

func Work(jobs <-chan string, workers int) {
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				Inc(j)
			}
		}()
	}
	wg.Wait()
}

// handleMetrics forgets the lock while it walks the counters.
func handleMetrics(w http.ResponseWriter, r *http.Request) {
	names := make([]string, 0, len(counters))
	for name := range counters {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "%s %d\n", n, counters[n])
	}
}

func init() { http.HandleFunc("/metrics", handleMetrics) }
