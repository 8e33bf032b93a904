package pool

import (
	"context"
	"sync"
	"time"
)

// `defer close` right after starting the worker covers every path, early returns included.
func importAllDeferred(items []string, validate func(string) error, store func(string)) error {
	queue := make(chan string)
	go func() {
		for it := range queue {
			store(it)
		}
	}()
	defer close(queue)
	for _, it := range items {
		if err := validate(it); err != nil {
			return err
		}
		queue <- it
	}
	return nil
}

// The producer goroutine closes its output: the consumer's range ends.
func pipelineClosed(xs []int, sink func(int)) {
	out := make(chan int)
	go func() {
		defer close(out)
		for _, x := range xs {
			out <- x
		}
	}()
	go func() {
		for v := range out {
			sink(v)
		}
	}()
}

// A worker pool closed after the WaitGroup by a separate goroutine.
func fanIn(inputs []int, square func(int) int) []int {
	results := make(chan int)
	var wg sync.WaitGroup
	for _, in := range inputs {
		wg.Add(1)
		go func(in int) {
			defer wg.Done()
			results <- square(in)
		}(in)
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	var out []int
	for r := range results {
		out = append(out, r)
	}
	return out
}

// The monitor also stops on the context: it has another way out.
func watchCtx(ctx context.Context, poll func()) {
	quit := make(chan struct{})
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-quit:
				return
			case <-ctx.Done():
				return
			case <-t.C:
				poll()
			}
		}
	}()
	_ = quit
}

// The worker returns on a sentinel value: it does not depend on a close.
func sentinel(jobs []string, do func(string)) {
	work := make(chan string)
	go func() {
		for j := range work {
			if j == "" {
				return
			}
			do(j)
		}
	}()
	for _, j := range jobs {
		work <- j
	}
	work <- ""
}

// A semaphore filled before each goroutine: the goroutine's receive releases its own slot.
func limited(tasks []func(), n int) {
	sem := make(chan struct{}, n)
	for _, t := range tasks {
		sem <- struct{}{}
		go func(t func()) {
			t()
			<-sem
		}(t)
	}
	for i := 0; i < cap(sem); i++ {
		sem <- struct{}{}
	}
}

// The channel is returned to the caller, who is expected to close it.
func startWorker(handle func(string)) chan<- string {
	in := make(chan string)
	go func() {
		for s := range in {
			handle(s)
		}
	}()
	return in
}

// The one value the goroutine waits for is sent on every path.
func handshake(ready func() bool) bool {
	ack := make(chan bool)
	go func() {
		if <-ack {
			return
		}
	}()
	if !ready() {
		ack <- false
		return false
	}
	ack <- true
	return true
}
