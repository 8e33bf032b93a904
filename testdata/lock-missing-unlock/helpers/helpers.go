// Functions that legitimately return with a lock held, or release it in ways other than a
// plain Unlock before the return: none of these may be reported.
package helpers

import (
	"errors"
	"sync"
	"time"
)

type Conn struct {
	mu     sync.Mutex
	closed bool
	buf    []byte
	cond   *sync.Cond
}

// lock is a lock helper: every path returns with c.mu held.
func (c *Conn) lock() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return errors.New("closed")
	}
	return nil
}

func (c *Conn) unlock() { c.mu.Unlock() }

func (c *Conn) Write(p []byte) error {
	if err := c.lock(); err != nil {
		return err
	}
	defer c.unlock()
	c.buf = append(c.buf, p...)
	return nil
}

// tryAcquire returns true with c.mu held.
func (c *Conn) tryAcquire() bool {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return false
	}
	return true
}

// pending returns the buffer. If it is non-empty the caller must unlock c.mu after using it.
func (c *Conn) pending() []byte {
	c.mu.Lock()
	if len(c.buf) == 0 {
		c.mu.Unlock()
		return nil
	}
	return c.buf
}

// Snapshot hands the caller an unlock function.
func (c *Conn) Snapshot() ([]byte, func()) {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil, func() {}
	}
	return c.buf, func() { c.mu.Unlock() }
}

// flushLocked is called with c.mu held; it releases it while waiting and takes it back.
func (c *Conn) flushLocked() error {
	for len(c.buf) > 0 {
		c.mu.Unlock()
		time.Sleep(time.Millisecond)
		c.mu.Lock()
		if c.closed {
			return errors.New("closed while flushing")
		}
	}
	return nil
}

// Close hands the lock to a goroutine that unlocks it when the drain is over.
func (c *Conn) Close() {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return
	}
	c.closed = true
	go func() {
		defer c.mu.Unlock()
		c.buf = nil
	}()
}

// Reset unlocks through a deferred closure registered before the lock.
func (c *Conn) Reset() error {
	defer func() {
		c.unlock()
	}()
	c.mu.Lock()
	if c.closed {
		return errors.New("closed")
	}
	c.buf = c.buf[:0]
	return nil
}

// Must panics with the lock held: a panic is not a path we report.
func (c *Conn) Must() {
	c.mu.Lock()
	if c.closed {
		panic("use of closed conn")
	}
	c.mu.Unlock()
}

// Get returns the connection locked to its caller.
func Get(pool []*Conn) *Conn {
	for _, c := range pool {
		c.mu.Lock()
		if !c.closed {
			return c
		}
		c.mu.Unlock()
	}
	return nil
}

// WaitNonEmpty waits on a condition variable: Wait releases and retakes the lock.
func (c *Conn) WaitNonEmpty() []byte {
	c.mu.Lock()
	for len(c.buf) == 0 {
		c.cond.Wait()
	}
	b := c.buf
	c.mu.Unlock()
	return b
}

// A scratch value made and dropped in the same call: nobody can lock it afterwards.
func scratch(fail bool) error {
	c := &Conn{}
	c.mu.Lock()
	if fail {
		return errors.New("failed")
	}
	c.mu.Unlock()
	return nil
}
