package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"sync"
	"syscall"
	"time"
)

const leakers = 150

// worker ranges over a channel nobody closes: a goroutine leak.
func worker(jobs <-chan int) {
	for j := range jobs {
		_ = j
	}
}

// holdLock keeps mu while it sleeps; lockers queue behind it (a lock convoy).
func holdLock(mu *sync.Mutex) {
	mu.Lock()
	time.Sleep(time.Hour)
	mu.Unlock()
}

func locker(mu *sync.Mutex) {
	mu.Lock()
	defer mu.Unlock()
}

type notifier struct {
	events chan string
}

// notify sends on a channel field that was never made: blocks forever.
func (n *notifier) notify() {
	n.events <- "started"
}

func startLeaks(n int, jobs chan int) {
	for i := 0; i < n; i++ {
		labels := pprof.Labels("pool", "workers", "shard", fmt.Sprint(i%2))
		go pprof.Do(context.Background(), labels, func(context.Context) { worker(jobs) })
	}
}

func startConvoy() {
	var mu sync.Mutex
	go holdLock(&mu)
	time.Sleep(20 * time.Millisecond)
	for i := 0; i < 12; i++ {
		go locker(&mu)
	}
	go (&notifier{}).notify()
}

func leakDump(debug int) {
	startLeaks(leakers, make(chan int))
	startConvoy()
	time.Sleep(200 * time.Millisecond)
	if err := pprof.Lookup("goroutine").WriteTo(os.Stdout, debug); err != nil {
		panic(err)
	}
}

func dumpGrowth(args []string) {
	dir := "."
	if len(args) > 0 {
		dir = args[0]
	}
	jobs := make(chan int)
	startLeaks(10, jobs)
	time.Sleep(100 * time.Millisecond)
	writeDump(filepath.Join(dir, "before.txt"))
	startLeaks(200, jobs)
	time.Sleep(100 * time.Millisecond)
	writeDump(filepath.Join(dir, "after.txt"))
}

func writeDump(path string) {
	f, err := os.Create(path)
	if err != nil {
		panic(err)
	}
	defer f.Close()
	if err := pprof.Lookup("goroutine").WriteTo(f, 2); err != nil {
		panic(err)
	}
}

func sigquit([]string) {
	startLeaks(20, make(chan int))
	startConvoy()
	time.Sleep(200 * time.Millisecond)
	syscall.Kill(syscall.Getpid(), syscall.SIGQUIT)
	time.Sleep(5 * time.Second)
}
