package registry

import (
	"context"
	"sync"
	"time"
)

var (
	mu      sync.Mutex
	clients = map[string]chan string{}
)

// Register is seed case 6: the cancel of a context derived from Background is dropped, so
// ctx.Done() is never closed and the cleanup goroutine waits forever.
func Register(key string) {
	ctx, _ := context.WithCancel(context.Background()) // want `cancel function of context.WithCancel is discarded and its parent is never done: this context can never be cancelled`
	mu.Lock()
	clients[key] = make(chan string, 1)
	mu.Unlock()
	go func() {
		<-ctx.Done()
		time.Sleep(10 * time.Millisecond)
		mu.Lock()
		delete(clients, key)
		mu.Unlock()
	}()
}

// Query drops the cancel of a timeout context: the timer lives for the full minute.
func Query(parent context.Context, run func(context.Context) error) error {
	ctx, _ := context.WithTimeout(parent, time.Minute) // want `the cancel function of context.WithTimeout is discarded: the context is not released until the timeout fires or its parent is done`
	return run(ctx)
}

// Touch derives a context and throws both results away.
func Touch(parent context.Context) {
	context.WithCancel(parent) // want `the cancel function of context.WithCancel is discarded`
}
