package stats

import (
	"sync/atomic"
	"time"
)

// Progress polls a local counter that a still-running worker updates.
func Progress(items []string, process func(string), report func(int64)) {
	var done int64
	go func() {
		for _, it := range items {
			process(it)
			atomic.AddInt64(&done, 1)
		}
	}()
	for done < int64(len(items)) { // want `done is read here with a plain load`
		report(atomic.LoadInt64(&done))
		time.Sleep(10 * time.Millisecond)
	}
}
