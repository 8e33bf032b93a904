package pool

import (
	"context"
	"errors"
	"log"
	"time"
)

// Seed case 7: a goroutine ranges over a channel that never leaves the function and nobody closes.
func leakyWorker(ctx context.Context) {
	ch := make(chan int)
	go func() {
		for range ch { // want "range over ch never ends, because nothing ever closes ch"
		}
	}()
}

// The producer sends every item but forgets to close: the worker waits for more forever.
func process(items []string, handle func(string)) {
	work := make(chan string)
	go func() {
		for it := range work { // want "range over work never ends, because nothing ever closes work"
			handle(it)
		}
	}()
	for _, it := range items {
		work <- it
	}
}

// Closed at the end, but the error path returns first.
func importAll(items []string, validate func(string) error, store func(string)) error {
	queue := make(chan string)
	go func() {
		for it := range queue { // want "range over queue never ends when importAll returns at line 42, which does not close queue"
			store(it)
		}
	}()
	for _, it := range items {
		if err := validate(it); err != nil {
			return err
		}
		queue <- it
	}
	close(queue)
	return nil
}

var errSetup = errors.New("setup failed")

// A monitor that only stops on quit; the setup error returns without closing quit.
func watch(poll func(), setup func() error, run func()) error {
	quit := make(chan struct{})
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-quit: // want "the goroutine only stops when it receives from quit, which watch does not close when it returns at line 68"
				return
			case <-t.C:
				poll()
			}
		}
	}()
	if err := setup(); err != nil {
		return errSetup
	}
	run()
	close(quit)
	return nil
}

// A cleanup goroutine waiting for a signal that never comes.
func withCleanup(run func(), cleanup func()) {
	done := make(chan struct{})
	go func() {
		<-done // want "receive from done blocks forever, because nothing ever sends on or closes done"
		cleanup()
		log.Print("cleaned up")
	}()
	run()
}

// Two stages: the producer goroutine sends but never closes, so the consumer never finishes.
func pipeline(xs []int, sink func(int)) {
	out := make(chan int)
	go func() {
		for _, x := range xs {
			out <- x
		}
	}()
	go func() {
		for v := range out { // want "range over out never ends, because nothing ever closes out"
			sink(v)
		}
	}()
}
