// Shapes that look like a second Lock but are not: none of these may be reported.
package safe

import (
	"sync"
	"time"
)

type node struct {
	mu   sync.Mutex
	val  int
	next *node
}

// Hand-over-hand locking: n.mu is a different mutex after n = next.
func sum(head *node) int {
	total := 0
	n := head
	n.mu.Lock()
	for n != nil {
		total += n.val
		next := n.next
		if next != nil {
			next.mu.Lock()
		}
		n.mu.Unlock()
		n = next
	}
	return total
}

// Walk locks each node in turn through a loop variable.
func walk(head *node, f func(int)) {
	for n := head; n != nil; n = n.next {
		n.mu.Lock()
		f(n.val)
		n.mu.Unlock()
	}
}

type Account struct {
	mu      sync.Mutex
	id      int
	balance int
}

// Two instances of the same type are two mutexes (ordered by id to avoid AB-BA).
func Transfer(from, to *Account, amount int) {
	a, b := from, to
	if b.id < a.id {
		a, b = b, a
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	b.mu.Lock()
	defer b.mu.Unlock()
	from.balance -= amount
	to.balance += amount
}

type Store struct {
	mu    sync.Mutex
	items map[string]int
	timer *time.Timer
}

func (s *Store) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lenLocked()
}

// lenLocked must be called with s.mu held.
func (s *Store) lenLocked() int { return len(s.items) }

func (s *Store) Put(k string, v int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.items[k] = v
	return s.lenLocked()
}

// The lock is released before calling a method that takes it.
func (s *Store) PutAndCount(k string, v int) int {
	s.mu.Lock()
	s.items[k] = v
	s.mu.Unlock()
	return s.Len()
}

// A callback created under the lock runs later, on the timer's goroutine.
func (s *Store) ExpireLater(k string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.timer = time.AfterFunc(time.Minute, func() {
		s.mu.Lock()
		delete(s.items, k)
		s.mu.Unlock()
	})
}

// waitLocked releases the lock while it sleeps and takes it back: callers hold s.mu.
func (s *Store) waitLocked() {
	s.mu.Unlock()
	time.Sleep(time.Millisecond)
	s.mu.Lock()
}

func (s *Store) Poll(k string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.items[k] == 0 {
		s.waitLocked()
	}
	return s.items[k]
}

// TryLock while holding the lock fails instead of blocking.
func (s *Store) TryTwice() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.mu.TryLock()
}

// Different RWMutex instances held for reading and writing.
type pair struct {
	left, right struct {
		sync.RWMutex
		n int
	}
}

func (p *pair) move() {
	p.left.RLock()
	defer p.left.RUnlock()
	p.right.Lock()
	p.right.n = p.left.n
	p.right.Unlock()
}

// A mutex used as a one-shot signal: the goroutine unlocks what this function locked.
func waitForWorker(work func()) {
	var done sync.Mutex
	done.Lock()
	go func() {
		work()
		done.Unlock()
	}()
	done.Lock() // wait for the worker
}
