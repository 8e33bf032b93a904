package main

import (
	"sync/atomic"
	"time"
)

func main() {
	var x int64 = 0
	done := make(chan bool)
	go func() { // Writer: infrequent (1s interval)
		time.Sleep(time.Second)
		atomic.StoreInt64(&x, 42) // ✅ instrumented → recorded
		done <- true
	}()
	go func() { // Reader: ultra-frequent, no sync points
		for i := 0; i < 1e7; i++ {
			_ = atomic.LoadInt64(&x) // ✅ instrumented → recorded
			// BUT: if replaced with plain `x` read → ❌ NOT instrumented
		}
	}()
	<-done
}
