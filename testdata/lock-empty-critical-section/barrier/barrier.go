// Empty critical sections used on purpose as barriers: none may be reported.
package barrier

import (
	"sync"
	"sync/atomic"
)

type Tx struct {
	closemu sync.RWMutex
	done    bool
	cancel  func()
}

func (tx *Tx) Rollback() {
	// Cancel the Tx to release any active R-closemu locks, then hold the
	// W-closemu lock to ensure no other query is running.
	tx.cancel()
	tx.closemu.Lock()
	tx.closemu.Unlock()
	tx.done = true
}

type Server struct {
	mu     sync.Mutex
	active int
}

// Quiesce waits for the current holder to finish: nothing follows the pair.
func (s *Server) Quiesce() {
	s.mu.Lock()
	s.mu.Unlock()
}

func (s *Server) Drain(done chan<- struct{}) {
	s.mu.Lock() // wait for in-flight handlers
	s.mu.Unlock()
	s.active = 0
}

// Pass the barrier, then signal.
func worker(mu *sync.Mutex, ready chan<- bool) {
	mu.Lock()
	mu.Unlock()
	ready <- true
}

// Two different mutexes.
func swap(a, b *sync.Mutex, x, y *int) {
	a.Lock()
	b.Unlock()
	*x, *y = *y, *x
}

type Process struct {
	sigMu sync.RWMutex
	done  int32
	pid   int
}

// Mark the process done, then wait for any signal in flight (os/exec's pattern, uncommented).
func (p *Process) wait(ready bool) int {
	if ready {
		atomic.StoreInt32(&p.done, 1)
		p.sigMu.Lock()
		p.sigMu.Unlock()
	}
	return p.pid
}

type Conn struct {
	closemu sync.RWMutex
	cancel  func()
	txi     interface{ Commit() error }
}

// Cancel first so that readers drop their read locks, then take the write lock as a barrier.
func (c *Conn) Commit() error {
	c.cancel()
	c.closemu.Lock()
	c.closemu.Unlock()
	return c.txi.Commit()
}

type Pool struct {
	mu    sync.Mutex
	conns []int
	hits  int
}

func (p *Pool) Get() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.hits++
	return p.conns[0]
}

// Only unguarded state after the pair: p.conns and p.hits are what the mutex guards.
func (p *Pool) Flush(log func(string)) {
	p.mu.Lock()
	p.mu.Unlock()
	log("flushed")
}
