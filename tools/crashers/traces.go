package main

import (
	"runtime"
	"sync"
	"syscall"
	"time"
)

func spin(d time.Duration) {
	end := time.Now().Add(d)
	x := 0
	for time.Now().Before(end) {
		x++
	}
}

// schedBacklog: many CPU-bound goroutines on few Ps; run with GODEBUG=schedtrace=100.
func schedBacklog([]string) {
	var wg sync.WaitGroup
	for i := 0; i < 60; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 4; j++ {
				spin(50 * time.Millisecond)
				time.Sleep(5 * time.Millisecond)
			}
		}()
	}
	wg.Wait()
}

// schedHealthy: a few goroutines that mostly sleep.
func schedHealthy([]string) {
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 12; j++ {
				spin(time.Millisecond)
				time.Sleep(100 * time.Millisecond)
			}
		}()
	}
	wg.Wait()
}

// schedThreads: goroutines blocked in raw system calls each hold an OS thread.
func schedThreads([]string) {
	var wg sync.WaitGroup
	for i := 0; i < 60; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ts := syscall.NsecToTimespec(int64(800 * time.Millisecond))
			syscall.Nanosleep(&ts, nil) // blocks the thread, not just the goroutine
		}()
	}
	wg.Wait()
	time.Sleep(300 * time.Millisecond)
}

var retained [][]byte
var sink []byte

// gcGrowth: the live heap grows steadily (retained buffers), with a few forced GCs.
func gcGrowth([]string) {
	for round := 0; round < 60; round++ {
		retained = append(retained, make([]byte, 1<<20))
		for i := 0; i < 200; i++ {
			sink = make([]byte, 16<<10)
		}
		if round == 20 || round == 40 {
			runtime.GC()
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// gcChurn: a small live heap and a high allocation rate: very frequent GC cycles.
func gcChurn([]string) {
	end := time.Now().Add(1500 * time.Millisecond)
	for time.Now().Before(end) {
		for i := 0; i < 64; i++ {
			sink = make([]byte, 64<<10)
		}
	}
}

// gcHealthy: modest allocation spread over time.
func gcHealthy([]string) {
	for round := 0; round < 12; round++ {
		for i := 0; i < 100; i++ {
			sink = make([]byte, 32<<10)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
