// Package connections serves each accepted connection in its own goroutine with its own
// state; tests start the same goroutine on connections of their own.
package connections

import (
	"bufio"
	"net"
)

type conn struct {
	rw      net.Conn
	pending map[uint16]string
}

func newConn(rw net.Conn) *conn {
	return &conn{rw: rw, pending: make(map[uint16]string)}
}

func (c *conn) serve() {
	defer c.rw.Close()
	sc := bufio.NewScanner(c.rw)
	var id uint16
	for sc.Scan() {
		id++
		c.pending[id] = sc.Text() // one goroutine per conn value
		if len(c.pending) > 64 {
			c.flush()
		}
	}
}

func (c *conn) flush() {
	for id := range c.pending {
		delete(c.pending, id)
	}
}

func Serve(l net.Listener) error {
	for {
		rw, err := l.Accept()
		if err != nil {
			return err
		}
		c := newConn(rw) // a new conn per iteration
		go c.serve()
	}
}

// ServePipe is what the tests use: another go statement, another conn.
func ServePipe() net.Conn {
	client, server := net.Pipe()
	c := newConn(server)
	go c.serve()
	return client
}
