package resets

import (
	"net"
	"time"
)

// IdleConn closes a connection after a period without traffic.
type IdleConn struct {
	net.Conn
	idle    *time.Timer
	timeout time.Duration
}

// touch rearms the idle timer and drains it when Reset says it had fired: racy before Go
// 1.23, the value may arrive after the check.
func (c *IdleConn) touch() {
	if !c.idle.Reset(c.timeout) { // want `the result of c.idle.Reset cannot be used correctly`
		<-c.idle.C
	}
}

func (c *IdleConn) Read(b []byte) (int, error) {
	c.touch()
	return c.Conn.Read(b)
}

// Debounce records whether the timer was still pending.
func Debounce(t *time.Timer, d time.Duration) bool {
	wasActive := t.Reset(d) // want `the result of t.Reset cannot be used correctly`
	return wasActive
}
