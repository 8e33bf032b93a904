// Package watchers removes a topic's channel once its context is done. Writers take the
// lock, but the publish handler reads the map without it.
package watchers

import (
	"context"
	"net/http"
	"sync"
	"time"
)

var (
	mu          sync.Mutex
	subscribers = map[string]chan []byte{}
)

func subscribe(ctx context.Context, topic string) chan []byte {
	ch := make(chan []byte, 1)
	mu.Lock()
	subscribers[topic] = ch // want `concurrent map read and map write: subscribers is written here while line 42 reads it`
	mu.Unlock()
	go func() {
		<-ctx.Done()
		time.Sleep(10 * time.Millisecond)
		mu.Lock()
		delete(subscribers, topic) // want `concurrent map read and map write: subscribers is written here while line 42 reads it`
		mu.Unlock()
	}()
	return ch
}

func handleSubscribe(w http.ResponseWriter, r *http.Request) {
	ch := subscribe(r.Context(), r.FormValue("topic"))
	select {
	case msg := <-ch:
		_, _ = w.Write(msg)
	case <-r.Context().Done():
	}
}

func handlePublish(w http.ResponseWriter, r *http.Request) {
	ch, ok := subscribers[r.FormValue("topic")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	select {
	case ch <- []byte(r.FormValue("msg")):
	default:
	}
}

func Routes() {
	http.HandleFunc("/subscribe", handleSubscribe)
	http.HandleFunc("/publish", handlePublish)
}
