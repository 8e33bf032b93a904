package tickers

import (
	"fmt"
	"net"
	"net/http"
	"time"
)

// Progress streams progress to the client but returns without stopping its ticker: one
// leaked ticker per request before Go 1.23.
func Progress(w http.ResponseWriter, r *http.Request) {
	t := time.NewTicker(500 * time.Millisecond) // want `t is not stopped on every path: before Go 1.23 an unstopped ticker is never freed`
	for i := 0; i <= 100; i += 10 {
		select {
		case <-t.C:
			fmt.Fprintf(w, "%d%%\n", i)
		case <-r.Context().Done():
			return
		}
	}
}

// KeepAlive pings a connection until it fails; the ticker outlives the connection.
func KeepAlive(conn net.Conn, every time.Duration) error {
	ping := time.NewTicker(every) // want `ping is not stopped on every path`
	for range ping.C {
		if _, err := conn.Write([]byte("ping\n")); err != nil {
			return err
		}
	}
	return nil
}

// Wait blocks on a ticker that nobody can stop.
func Wait(ready func() bool) {
	for range time.NewTicker(10 * time.Millisecond).C { // want `the ticker from time.NewTicker is never stored, so it can never be stopped`
		if ready() {
			return
		}
	}
}

// Conn keeps its heartbeat ticker in a field that nothing stops.
type Conn struct {
	heartbeat *time.Ticker
	c         net.Conn
}

func Dial(addr string) (*Conn, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	return &Conn{c: c, heartbeat: time.NewTicker(time.Second)}, nil // want `the ticker is stored in Conn.heartbeat, which nothing in this package ever stops`
}

func (c *Conn) Close() error { return c.c.Close() }
