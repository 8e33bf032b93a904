package workers

import (
	"context"
	"log"
	"net/http"
	"time"
)

// LeakyWorker is seed S002-3: the goroutine ranges over a channel nobody closes and ctx is
// never used, so every call leaves a goroutine blocked in receive.
func LeakyWorker(ctx context.Context) {
	ch := make(chan int)
	go func() { // want `goroutine blocks forever ranging over ch, which is never closed, and it ignores ctx`
		for v := range ch {
			log.Print(v)
		}
	}()
	ch <- 1
}

// Cache refreshes itself forever: Start's ctx cannot stop the refresher.
type Cache struct {
	data map[string]string
	load func() map[string]string
}

func (c *Cache) Start(ctx context.Context) error {
	c.data = c.load()
	go c.refresh() // want `goroutine never stops: its loop has no exit and it ignores ctx, so it keeps running after Start is cancelled`
	return nil
}

func (c *Cache) refresh() {
	t := time.NewTicker(time.Minute)
	for range t.C {
		c.data = c.load()
	}
}

// Pipeline forwards items forever; the stage never sees ctx.
func Pipeline(ctx context.Context, in <-chan string, out chan<- string) {
	go func() { // want `goroutine never stops: its loop has no exit and it ignores ctx`
		for {
			select {
			case s := <-in:
				out <- s
			case <-time.After(time.Second):
				log.Print("idle")
			}
		}
	}()
}

// Handler starts a heartbeat per request that outlives the request.
func Handler(w http.ResponseWriter, r *http.Request) {
	go func() { // want `goroutine never stops: its loop has no exit and it ignores r.Context\(\), so it keeps running after Handler is cancelled`
		for {
			time.Sleep(time.Second)
			log.Print("still here")
		}
	}()
	w.WriteHeader(http.StatusAccepted)
}
