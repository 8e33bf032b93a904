// Package registry remembers when peers were last heard from. A listener goroutine
// records heartbeats while a reporter goroutine walks the table.
package registry

import (
	"log"
	"net"
	"time"
)

type Registry struct {
	peers map[string]time.Time
}

func New(conn net.PacketConn) *Registry {
	r := &Registry{peers: make(map[string]time.Time)}
	go r.listen(conn)
	go r.report(time.Minute)
	return r
}

func (r *Registry) listen(conn net.PacketConn) {
	buf := make([]byte, 512)
	for {
		n, _, err := conn.ReadFrom(buf)
		if err != nil {
			return
		}
		r.peers[string(buf[:n])] = time.Now() // want `concurrent map iteration and map write: r.peers is written here while line 36 ranges over it`
	}
}

func (r *Registry) report(every time.Duration) {
	for {
		time.Sleep(every)
		for id, seen := range r.peers {
			if time.Since(seen) > 3*every {
				log.Printf("peer %s silent since %s", id, seen.Format(time.RFC3339))
			}
		}
	}
}
