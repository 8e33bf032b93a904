// A cache whose unlocks were typed as locks.
package cache

import "sync"

type Cache struct {
	mu    sync.RWMutex
	items map[string][]byte
	hits  int
}

func (c *Cache) Get(key string) ([]byte, bool) {
	c.mu.RLock()
	defer c.mu.RLock() // want "`defer c\\.mu\\.RLock\\(\\)` right after c\\.mu\\.RLock\\(\\): the deferred call locks again instead of unlocking; the read lock is never released"
	v, ok := c.items[key]
	return v, ok
}

func (c *Cache) Put(key string, v []byte) {
	c.mu.Lock()
	defer c.mu.Lock() // want "`defer c\\.mu\\.Lock\\(\\)` right after c\\.mu\\.Lock\\(\\)"
	c.items[key] = v
}

var (
	statsMu sync.Mutex
	misses  int
)

func miss() {
	statsMu.Lock()
	defer statsMu.Lock() // want "right after statsMu\\.Lock\\(\\)"
	misses++
}

type Locked struct {
	sync.Mutex
	n int
}

func (l *Locked) Inc() {
	l.Lock()
	defer l.Lock() // want "right after l\\.Lock\\(\\): the deferred call locks again instead of unlocking; it blocks forever on the way out"
	l.n++
}
