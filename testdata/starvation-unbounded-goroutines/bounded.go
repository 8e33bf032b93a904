// Bounded consumers: worker pools, semaphores, errgroup limits, known-size inputs, accept loops.
package consumer

import (
	"context"
	"net"
	"sync"

	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/semaphore"
)

// A fixed pool of workers over the same channel.
func (h *Handler) Pool(msgs <-chan Message, workers int) {
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for m := range msgs {
				h.process(m)
			}
		}()
	}
	wg.Wait()
}

// A semaphore channel taken before each goroutine.
func (h *Handler) Throttled(msgs <-chan Message) {
	slots := make(chan struct{}, 32)
	for m := range msgs {
		slots <- struct{}{}
		go func(m Message) {
			defer func() { <-slots }()
			h.process(m)
		}(m)
	}
}

// golang.org/x/sync/semaphore.
func (h *Handler) Weighted(ctx context.Context, s Stream, w *semaphore.Weighted) error {
	for {
		m, err := s.Recv()
		if err != nil {
			return err
		}
		if err := w.Acquire(ctx, 1); err != nil {
			return err
		}
		go func() {
			defer w.Release(1)
			h.process(*m)
		}()
	}
}

// errgroup with a limit (g.Go blocks when the limit is reached).
func (h *Handler) Group(ctx context.Context, msgs <-chan Message) error {
	g, _ := errgroup.WithContext(ctx)
	g.SetLimit(8)
	for m := range msgs {
		m := m
		g.Go(func() error { h.process(m); return nil })
	}
	return g.Wait()
}

// A slice has a known size: fan-out over it is the caller's choice.
func (h *Handler) Batch(batch []Message) {
	var wg sync.WaitGroup
	for _, m := range batch {
		wg.Add(1)
		go func(m Message) {
			defer wg.Done()
			h.process(m)
		}(m)
	}
	wg.Wait()
}

// One goroutine per connection is the server model; limits belong on the listener.
func Serve(ln net.Listener, handle func(net.Conn)) error {
	for {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		go handle(c)
	}
}

// Each iteration waits for the goroutine it started: one at a time.
func (h *Handler) OneByOne(msgs <-chan Message) {
	for m := range msgs {
		done := make(chan struct{})
		go func() {
			defer close(done)
			h.process(m)
		}()
		<-done
	}
}
