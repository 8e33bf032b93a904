package ticks

import (
	"errors"
	"net/http"
	"time"
)

// WaitHealthy polls until the service answers: each call leaks a ticker that fires forever.
func WaitHealthy(url string, attempts int) error {
	n := 0
	for range time.Tick(200 * time.Millisecond) { // want `time.Tick leaks its ticker when WaitHealthy returns`
		resp, err := http.Get(url)
		if err == nil {
			resp.Body.Close()
			return nil
		}
		if n++; n == attempts {
			break
		}
	}
	return errors.New("service not healthy")
}

// Throttle paces a batch with a tick channel held in a variable.
func Throttle(items []string, send func(string)) {
	tick := time.Tick(10 * time.Millisecond) // want `time.Tick leaks its ticker when Throttle returns`
	for _, it := range items {
		<-tick
		send(it)
	}
}

// Handler paces its response with a new ticker per request.
func Handler(w http.ResponseWriter, r *http.Request) {
	for i := 0; i < 3; i++ {
		select {
		case <-time.Tick(time.Second): // want `time.Tick leaks its ticker when Handler returns`
			w.Write([]byte("."))
		case <-r.Context().Done():
			return
		}
	}
}

// Node ticks in a goroutine that stops: each restart leaks a ticker.
type Node struct {
	stopc chan struct{}
}

func (n *Node) Start(tick func()) {
	n.stopc = make(chan struct{})
	ticker := time.Tick(5 * time.Millisecond) // want `time.Tick leaks its ticker when the goroutine reading it returns`
	go func() {
		for {
			select {
			case <-ticker:
				tick()
			case <-n.stopc:
				return
			}
		}
	}()
}
