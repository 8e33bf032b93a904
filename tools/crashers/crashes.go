package main

import (
	"runtime"
	"runtime/debug"
	"sync"
	"time"
)

// ---- map races: fatal errors, not recoverable ----

func mapWriter(m map[int]int, base int) {
	for i := 0; ; i++ {
		m[i%64] = base + i // concurrent map writes
	}
}

func mapWrites([]string) {
	giveUpAfter(60 * time.Second)
	m := make(map[int]int)
	for g := 0; g < 4; g++ {
		go mapWriter(m, g)
	}
	select {}
}

func mapReader(m map[int]int) {
	sum := 0
	for i := 0; ; i++ {
		sum += m[i%64] // concurrent map read and map write
	}
}

func mapReadWrite([]string) {
	giveUpAfter(60 * time.Second)
	m := make(map[int]int)
	for g := 0; g < 3; g++ {
		go mapReader(m)
	}
	mapWriter(m, 0)
}

func mapRanger(m map[int]int) {
	for {
		for k := range m { // concurrent map iteration and map write
			_ = k
		}
	}
}

func mapIteration([]string) {
	giveUpAfter(60 * time.Second)
	m := make(map[int]int)
	for i := 0; i < 64; i++ {
		m[i] = i
	}
	for g := 0; g < 3; g++ {
		go mapRanger(m)
	}
	mapWriter(m, 0)
}

// ---- deadlock: a lock held across a channel send, the receiver waits for the lock ----

func lockThenSend(mu *sync.Mutex, ch chan int, wg *sync.WaitGroup) {
	defer wg.Done()
	mu.Lock()
	ch <- 1 // blocks: the receiver is waiting for mu
	mu.Unlock()
}

func lockThenReceive(mu *sync.Mutex, ch chan int, wg *sync.WaitGroup) {
	defer wg.Done()
	time.Sleep(20 * time.Millisecond)
	mu.Lock() // blocks: lockThenSend holds mu
	<-ch
	mu.Unlock()
}

func deadlock([]string) {
	var mu sync.Mutex
	ch := make(chan int)
	var wg sync.WaitGroup
	wg.Add(2)
	go lockThenSend(&mu, ch, &wg)
	go lockThenReceive(&mu, ch, &wg)
	wg.Wait()
}

// ---- channel protocol panics ----

func producer(out chan<- int) {
	for i := 0; ; i++ {
		out <- i // send on closed channel
		time.Sleep(time.Millisecond)
	}
}

func sendOnClosed([]string) {
	ch := make(chan int)
	go producer(ch)
	<-ch
	close(ch) // the consumer closes: wrong side
	time.Sleep(time.Second)
}

func shutdown(done chan struct{}) {
	close(done)
}

func closeOfClosed([]string) {
	done := make(chan struct{})
	shutdown(done)
	shutdown(done) // close of closed channel
}

type service struct {
	stop chan struct{}
}

func (s *service) Close() {
	close(s.stop) // close of nil channel: stop was never made
}

func closeOfNil([]string) {
	s := &service{}
	s.Close()
}

// ---- sync misuse ----

func negativeWaitGroup([]string) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		wg.Done() // one Done too many
	}()
	wg.Wait()
	time.Sleep(time.Second)
}

func release(mu *sync.Mutex) {
	mu.Unlock() // unlock of unlocked mutex
}

func unlockOfUnlocked([]string) {
	var mu sync.Mutex
	done := make(chan bool)
	go func() {
		defer func() { recover() }() // does not help: it is a fatal error
		release(&mu)
		done <- true
	}()
	<-done
}

func runlockOfUnlocked([]string) {
	var mu sync.RWMutex
	mu.RUnlock()
}

// ---- thread exhaustion ----

func pinnedSleeper() {
	runtime.LockOSThread() // never unlocked: the thread stays with this goroutine
	time.Sleep(time.Hour)
}

func threadExhaustion([]string) {
	debug.SetMaxThreads(16)
	for i := 0; i < 30; i++ {
		go pinnedSleeper()
	}
	time.Sleep(5 * time.Second)
}
