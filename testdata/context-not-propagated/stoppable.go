package workers

// Goroutines that can stop: none of these may be reported.

import (
	"context"
	"log"
	"sync"
	"time"
)

// Watches ctx.Done in its select.
func Monitor(ctx context.Context, check func()) {
	go func() {
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				check()
			case <-ctx.Done():
				return
			}
		}
	}()
}

// Receives ctx as an argument.
func Serve(ctx context.Context, jobs <-chan func()) {
	go run(ctx, jobs)
}

func run(ctx context.Context, jobs <-chan func()) {
	for {
		select {
		case j := <-jobs:
			j()
		case <-ctx.Done():
			return
		}
	}
}

// Stops on a stop channel of its own.
type Server struct {
	stop chan struct{}
	wg   sync.WaitGroup
}

func (s *Server) Start(ctx context.Context) {
	s.stop = make(chan struct{})
	s.wg.Add(1)
	go s.loop()
}

func (s *Server) loop() {
	defer s.wg.Done()
	for {
		select {
		case <-s.stop:
			return
		case <-time.After(time.Second):
			log.Print("tick")
		}
	}
}

func (s *Server) Stop() {
	close(s.stop)
	s.wg.Wait()
}

// Ranges over a channel the function closes when the producer is done.
func Drain(ctx context.Context, items []int) {
	ch := make(chan int)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for v := range ch {
			log.Print(v)
		}
	}()
	for _, it := range items {
		ch <- it
	}
	close(ch)
	<-done
}

// Ranges over a channel handed to a producer that closes it.
func Produce(ctx context.Context, produce func(chan<- int)) {
	ch := make(chan int)
	go func() {
		for v := range ch {
			log.Print(v)
		}
	}()
	produce(ch)
}

// A bounded goroutine: it ends by itself.
func Notify(ctx context.Context, send func()) {
	go func() {
		time.Sleep(time.Second)
		send()
	}()
}

// The loop breaks out when the input is closed.
func Forward(ctx context.Context, in <-chan int, out chan<- int) {
	go func() {
		for {
			v, ok := <-in
			if !ok {
				break
			}
			out <- v
		}
		close(out)
	}()
}

// Started from a function with no context in scope.
func Background(check func()) {
	go func() {
		for {
			check()
			time.Sleep(time.Second)
		}
	}()
}

// A singleton janitor started once for the life of the client: the first caller's ctx is not
// its context.
type Client struct {
	once sync.Once
	gc   func()
}

func (c *Client) Get(ctx context.Context, key string) string {
	c.once.Do(func() {
		go func() {
			for {
				time.Sleep(time.Minute)
				c.gc()
			}
		}()
	})
	return key
}
