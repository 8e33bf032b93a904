// A read-through cache that tries to upgrade its read lock.
package cache

import "sync"

type Cache struct {
	mu   sync.RWMutex
	data map[string][]byte
	load func(string) []byte
}

func (c *Cache) Get(key string) []byte {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if v, ok := c.data[key]; ok {
		return v
	}
	c.mu.Lock() // want `c\.mu\.Lock\(\) while this goroutine holds its read lock \(RLock at line 13\)`
	v := c.load(key)
	c.data[key] = v
	c.mu.Unlock()
	return v
}
