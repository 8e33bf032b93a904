package registry

import (
	"context"
	"time"
)

var m = map[string]chan struct{}{}

func register(key string) {
	ctx, _ := context.WithCancel(context.Background()) // want `the cancel function of context.WithCancel is discarded`
	m[key] = make(chan struct{}) // want `concurrent map writes: m is written by goroutines`
	go func() {
		<-ctx.Done()
		time.Sleep(10 * time.Millisecond)
		delete(m, key) // want `concurrent map writes: m is written by goroutines`
	}()
}

func Start(keys []string) {
	for _, k := range keys {
		go register(k)
	}
}
