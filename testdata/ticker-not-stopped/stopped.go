package tickers

// Tickers that are stopped, owned elsewhere, or live as long as the process: none may be
// reported.

import (
	"log"
	"sync"
	"time"
)

// Monitor is seed case 30: Stop deferred, select on the ticker and a shutdown channel.
func Monitor(check func(), shutdown <-chan struct{}) {
	ticker := time.NewTicker(100 * time.Millisecond)
	defer ticker.Stop()
	for {
		select {
		case <-ticker.C:
			check()
		case <-shutdown:
			return
		}
	}
}

// Every exit stops the ticker explicitly.
func Retry(attempts int, try func() error) error {
	t := time.NewTicker(time.Second)
	var err error
	for i := 0; i < attempts; i++ {
		<-t.C
		if err = try(); err == nil {
			t.Stop()
			return nil
		}
	}
	t.Stop()
	return err
}

// Worker owns its ticker; Stop stops it.
type Worker struct {
	tick *time.Ticker
	quit chan struct{}
	wg   sync.WaitGroup
}

func NewWorker(every time.Duration, job func()) *Worker {
	w := &Worker{tick: time.NewTicker(every), quit: make(chan struct{})}
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		for {
			select {
			case <-w.tick.C:
				job()
			case <-w.quit:
				return
			}
		}
	}()
	return w
}

func (w *Worker) Stop() {
	w.tick.Stop()
	close(w.quit)
	w.wg.Wait()
}

// The ticker is returned to the caller, who stops it.
func Every(d time.Duration) *time.Ticker {
	t := time.NewTicker(d)
	return t
}

// A goroutine stops the ticker when it is done with it.
func Blink(n int, on func()) {
	t := time.NewTicker(time.Second)
	go func() {
		defer t.Stop()
		for i := 0; i < n; i++ {
			<-t.C
			on()
		}
	}()
}

// Runs forever: the ticker lives as long as the process.
func Forever(report func()) {
	t := time.NewTicker(time.Minute)
	for range t.C {
		report()
	}
}

// A fatal exit is not a return.
func MustBeReady(ready func() bool) {
	t := time.NewTicker(time.Millisecond)
	defer t.Stop()
	for i := 0; i < 100; i++ {
		<-t.C
		if ready() {
			return
		}
	}
	log.Fatal("not ready")
}

// The goroutine reading the ticker never returns: the ticker is used for as long as it exists.
func StartSampler(sample func()) {
	t := time.NewTicker(time.Second)
	go func() {
		for range t.C {
			sample()
		}
	}()
}
