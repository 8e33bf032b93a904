package server

import (
	"bufio"
	"log"
	"net"
	"net/http"
	"time"
)

// One keepalive goroutine per connection, and none of them ever stops.
func serve(l net.Listener, handle func(net.Conn)) {
	for {
		conn, err := l.Accept()
		if err != nil {
			return
		}
		go func() { // want "one goroutine per iteration of this loop is started, and none can ever stop"
			t := time.NewTicker(30 * time.Second)
			defer t.Stop()
			for range t.C {
				conn.SetDeadline(time.Now().Add(time.Minute))
			}
		}()
		go handle(conn)
	}
}

type event struct{ id int }

// One retry goroutine per message, spinning forever.
func dispatch(events <-chan event, send func(event) error) {
	for ev := range events {
		ev := ev
		go retry(ev, send) // want "one goroutine per iteration of this loop is started"
	}
}

func retry(ev event, send func(event) error) {
	for {
		if err := send(ev); err != nil {
			log.Print(err)
		}
		time.Sleep(time.Second)
	}
}

// One goroutine per scanned line.
func follow(sc *bufio.Scanner, watch func(string)) {
	for sc.Scan() {
		line := sc.Text()
		go func() { // want "one goroutine per iteration of this loop is started"
			for {
				watch(line)
				time.Sleep(time.Second)
			}
		}()
	}
}

// The goroutine takes the request context but never looks at it: one per request, forever.
func progress(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	go func() { // want "a goroutine that can never stop is started on every request to progress"
		for {
			log.Printf("still serving %v", ctx.Value("id"))
			time.Sleep(time.Second)
		}
	}()
	w.WriteHeader(http.StatusAccepted)
}
