package leaks

import (
	"sync"
	"time"
)

// Two workers, two receives: every send is received.
func pair(a, b func() int) int {
	ch := make(chan int)
	for i := 0; i < 2; i++ {
		f := a
		if i == 1 {
			f = b
		}
		go func() { ch <- f() }()
	}
	return <-ch + <-ch
}

// Three goroutines, three receives.
func three(f func(int) int) int {
	done := make(chan int)
	go func() { done <- f(1) }()
	go func() { done <- f(2) }()
	go func() { done <- f(3) }()
	return <-done + <-done + <-done
}

// The sender leaves its loop right after its one send.
func firstEven(xs []int) int {
	ch := make(chan int)
	go func() {
		for _, x := range xs {
			if x%2 == 0 {
				ch <- x
				return
			}
		}
		ch <- -1
	}()
	return <-ch
}

// One goroutine sends twice from a loop of two iterations; both values are received.
func bounds(xs []int, pick func([]int, int) int) (int, int) {
	ch := make(chan int)
	go func() {
		for i := 0; i < 2; i++ {
			ch <- pick(xs, i)
		}
	}()
	return <-ch, <-ch
}

// The WaitGroup says every sender has delivered into the buffer before the function goes on.
func gather(n int, get func() string) []string {
	out := make(chan string, 10)
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out <- get()
		}()
	}
	wg.Wait()
	close(out)
	var all []string
	for s := range out {
		all = append(all, s)
	}
	return all
}

// The second case sends on a channel nobody receives from: the select always takes the first.
func handOver(v int, wait func()) {
	c := make(chan int)
	never := make(chan int)
	go func() {
		wait()
		<-c
	}()
	select {
	case c <- v:
	case never <- v:
	}
}

// A timer the caller always waits for.
func delayed(d time.Duration, f func() int) int {
	ch := make(chan int)
	go func() {
		time.Sleep(d)
		ch <- f()
	}()
	return <-ch
}
