package leaks

import (
	"context"
	"sync"
	"time"
)

// Buffered for the one result: the goroutine can deliver even after we stop waiting.
func fetchBuffered(ctx context.Context, get func() string) (string, error) {
	ch := make(chan string, 1)
	go func() { ch <- get() }()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// Buffered for every goroutine (a size computed at run time is trusted).
func checkAllBuffered(hosts []string, ping func(string) error) error {
	errs := make(chan error, len(hosts))
	for _, h := range hosts {
		go func(h string) { errs <- ping(h) }(h)
	}
	for range hosts {
		if err := <-errs; err != nil {
			return err
		}
	}
	return nil
}

// The sender gives up when the context is done: it cannot block forever.
func fetchGuarded(ctx context.Context, get func() string) (string, error) {
	ch := make(chan string)
	go func() {
		select {
		case ch <- get():
		case <-ctx.Done():
		}
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// Every goroutine is received from: the loop ends only after collecting them all.
func sumAll(parts [][]int) int {
	sums := make(chan int)
	for _, p := range parts {
		go func(p []int) {
			s := 0
			for _, x := range p {
				s += x
			}
			sums <- s
		}(p)
	}
	total := 0
	for range parts {
		total += <-sums
	}
	return total
}

// Workers counted out: the function returns only when the last one has reported.
func runWorkers(n int, work func() error, stop func()) error {
	errc := make(chan error)
	for i := 0; i < n; i++ {
		go func() { errc <- work() }()
	}
	var first error
	active := n
	for {
		select {
		case err := <-errc:
			if err != nil && first == nil {
				first = err
				stop()
			}
			active--
			if active == 0 {
				return first
			}
		case <-time.After(time.Minute):
			stop()
		}
	}
}

// Each goroutine is received from in the iteration that started it.
func oneAtATime(jobs []int, run func(int) error) error {
	done := make(chan error)
	for _, j := range jobs {
		go func(j int) { done <- run(j) }(j)
		if err := <-done; err != nil {
			return err
		}
	}
	return nil
}

// The channel is handed to someone else who may receive: not ours to judge.
func handOff(register func(chan<- string), get func() string) {
	ch := make(chan string)
	register(ch)
	go func() { ch <- get() }()
}

// Results collected by another goroutine: the WaitGroup orders everything.
func collect(items []string, get func(string) string) []string {
	var wg sync.WaitGroup
	out := make(chan string)
	for _, it := range items {
		wg.Add(1)
		go func(it string) {
			defer wg.Done()
			out <- get(it)
		}(it)
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	var res []string
	for s := range out {
		res = append(res, s)
	}
	return res
}
