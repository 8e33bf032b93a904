// Package watchers registers a channel per key and removes it when the key's context ends.
package watchers

import (
	"context"
	"time"
)

var watchers = map[string]chan struct{}{}

func register(ctx context.Context, key string) {
	ch := make(chan struct{})
	watchers[key] = ch // want `concurrent map writes: watchers is (written by goroutines|also written)`
	go func() {
		<-ctx.Done()
		time.Sleep(10 * time.Millisecond)
		delete(watchers, key) // want `concurrent map writes: watchers is written by goroutines`
	}()
}

// Watch is called by every client connection.
func Watch(ctx context.Context, keys []string) {
	for _, k := range keys {
		go register(ctx, k)
	}
}
