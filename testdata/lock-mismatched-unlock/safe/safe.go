// Matching pairs and modes chosen at run time: none may be reported.
package safe

import "sync"

type Cache struct {
	mu   sync.RWMutex
	data map[string][]byte
}

func (c *Cache) Get(key string) []byte {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.data[key]
}

// The mode depends on the argument, and so does the unlock.
func (c *Cache) visit(write bool, f func(map[string][]byte)) {
	if write {
		c.mu.Lock()
	} else {
		c.mu.RLock()
	}
	f(c.data)
	if write {
		c.mu.Unlock()
	} else {
		c.mu.RUnlock()
	}
}

// Upgrade: release the read lock, then take the write lock.
func (c *Cache) GetOrFill(key string, fill func() []byte) []byte {
	c.mu.RLock()
	v, ok := c.data[key]
	c.mu.RUnlock()
	if ok {
		return v
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.data[key]; ok {
		return v
	}
	v = fill()
	c.data[key] = v
	return v
}

// The caller holds the read lock; releasing it here is the caller's convention.
func (c *Cache) releaseRead() {
	c.mu.RUnlock()
}

// A plain Mutex only has Unlock.
type Counter struct {
	mu sync.Mutex
	n  int
}

func (k *Counter) Inc() {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.n++
}

// Different instances.
func copyInto(dst, src *Cache) {
	src.mu.RLock()
	dst.mu.Lock()
	for k, v := range src.data {
		dst.data[k] = v
	}
	dst.mu.Unlock()
	src.mu.RUnlock()
}
