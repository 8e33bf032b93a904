package server

import "sync"

type conn struct {
	mu        sync.Mutex
	closed    bool
	done      chan struct{}
	closeOnce sync.Once
}

// A flag set by the guarded branch: the close runs once however often Close is called.
func (c *conn) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.closed {
		c.closed = true
		close(c.done)
	}
}

// The non-blocking check of a select.
func (c *conn) Shutdown() {
	select {
	case <-c.done:
	default:
		close(c.done)
	}
}

// sync.Once owns the close.
func (c *conn) Stop() {
	c.closeOnce.Do(func() { close(c.done) })
}

// Each channel of the slice is a different one.
func closeAll(chans []chan int) {
	for _, ch := range chans {
		close(ch)
	}
}

// A nil check, and nil after the close.
func release(ch chan int) chan int {
	if ch != nil {
		close(ch)
		ch = nil
	}
	if ch != nil {
		close(ch)
	}
	return ch
}

// A fresh channel on every iteration.
func rounds(n int, run func(chan struct{})) {
	for i := 0; i < n; i++ {
		done := make(chan struct{})
		run(done)
		close(done)
	}
}

// The close is behind a counter that reaches the value once.
func accept(n, max int, saturated chan struct{}, next func() bool) {
	accepted := 0
	for next() {
		accepted++
		if accepted == max {
			close(saturated)
		}
	}
}

// Either branch closes, never both.
func end(ok bool, results chan int) {
	if ok {
		close(results)
	} else {
		close(results)
	}
}

// Close, then leave the loop.
func firstNegative(xs []int, found chan struct{}) {
	for _, x := range xs {
		if x < 0 {
			close(found)
			return
		}
	}
}

type leases struct {
	mu       sync.Mutex
	ready    chan struct{}
	session  func() (bool, error)
	stopping func() bool
}

// Every round closes ready, but only after the select has replaced a closed one: the default
// case runs only when ready is still open.
func (l *leases) monitor() {
	for !l.stopping() {
		l.mu.Lock()
		select {
		case <-l.ready:
			l.ready = make(chan struct{})
		default:
		}
		l.mu.Unlock()
		if ok, err := l.session(); err != nil || !ok {
			continue
		}
		l.mu.Lock()
		close(l.ready)
		l.mu.Unlock()
	}
}
