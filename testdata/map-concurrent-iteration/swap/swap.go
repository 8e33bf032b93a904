// Package swap closes idle connections: it detaches the map under the lock and walks the
// detached map without it. A variant walks the live map after unlocking.
package swap

import (
	"io"
	"log"
	"sync"
	"time"
)

type Pool struct {
	mu   sync.Mutex
	idle map[string][]io.Closer
	busy map[string]int
}

func NewPool() *Pool {
	p := &Pool{idle: map[string][]io.Closer{}, busy: map[string]int{}}
	go p.reap(time.Minute)
	return p
}

func (p *Pool) reap(every time.Duration) {
	for range time.Tick(every) {
		log.Printf("closing %d idle connections", p.idleCount())
		p.CloseIdle()
	}
}

func (p *Pool) Put(key string, c io.Closer) {
	p.mu.Lock()
	p.idle[key] = append(p.idle[key], c) // want `concurrent map iteration and map write: p.idle is written here while line 57 ranges over it`
	p.busy[key]--
	p.mu.Unlock()
}

// CloseIdle swaps the map out under the lock; nobody else can reach the old one.
func (p *Pool) CloseIdle() {
	p.mu.Lock()
	old := p.idle
	p.idle = map[string][]io.Closer{}
	p.mu.Unlock()
	for _, conns := range old {
		for _, c := range conns {
			c.Close()
		}
	}
}

// idleCount takes the live map under the lock but walks it after unlocking.
func (p *Pool) idleCount() int {
	p.mu.Lock()
	m := p.idle
	p.mu.Unlock()
	n := 0
	for _, conns := range m {
		n += len(conns)
	}
	return n
}
