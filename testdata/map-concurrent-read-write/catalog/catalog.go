// Package catalog caches product names; a reload goroutine replaces entries while
// request goroutines look them up through the exported methods.
package catalog

import (
	"sync"
	"time"
)

type Catalog struct {
	names map[int]string
	load  func() map[int]string
}

func (c *Catalog) Run(every time.Duration) {
	go func() {
		for range time.Tick(every) {
			for id, name := range c.load() {
				c.names[id] = name // want `concurrent map read and map write: c.names is written here while line 26 reads it`
			}
		}
	}()
}

func (c *Catalog) Name(id int) string {
	return c.names[id]
}

func (c *Catalog) Size() int {
	return len(c.names)
}

// Guarded is the same catalog with a read-write lock.
type Guarded struct {
	mu    sync.RWMutex
	names map[int]string
	load  func() map[int]string
}

func (g *Guarded) Run(every time.Duration) {
	go func() {
		for range time.Tick(every) {
			fresh := g.load()
			g.mu.Lock()
			for id, name := range fresh {
				g.names[id] = name
			}
			g.mu.Unlock()
		}
	}()
}

func (g *Guarded) Name(id int) string {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.names[id]
}

func (g *Guarded) Size() int {
	g.mu.RLock()
	n := len(g.names)
	g.mu.RUnlock()
	return n
}
