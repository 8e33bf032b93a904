// Seed 003 chapter 1 "starvation reproduction": 1000 goroutines sleeping 10 ms
// and a monitor goroutine parked in select. Nothing starves.
package main

import (
	"runtime"
	"time"
)

func main() {
	runtime.GOMAXPROCS(2)
	done := make(chan struct{})

	go func() {
		for {
			select {
			case <-time.After(10 * time.Second):
				time.Sleep(5 * time.Second)
			case <-done:
				return
			}
		}
	}()

	for i := 0; i < 1000; i++ {
		go func(id int) {
			time.Sleep(10 * time.Millisecond)
		}(i)
	}

	time.Sleep(3 * time.Second)
	println("Active goroutines:", runtime.NumGoroutine())
	close(done)
}
