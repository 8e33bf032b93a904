// Package debugging keeps a map of who returned each connection, only when a debug switch
// that is off at compile time is on.
package debugging

import (
	"runtime/debug"
	"sync"
)

const debugPut = false

type Pool struct {
	mu      sync.Mutex
	free    []int
	lastPut map[int]string
}

func (p *Pool) Put(id int) {
	p.mu.Lock()
	if debugPut {
		p.lastPut[id] = string(debug.Stack()) // compiled out
	}
	p.free = append(p.free, id)
	p.mu.Unlock()
}

func (p *Pool) Get() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.free) == 0 {
		return -1
	}
	id := p.free[len(p.free)-1]
	p.free = p.free[:len(p.free)-1]
	return id
}

func (p *Pool) Start(n int) {
	for i := 0; i < n; i++ {
		go func(i int) { p.Put(i) }(i)
	}
}
