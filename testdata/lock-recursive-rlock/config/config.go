// Hot-reloadable configuration: readers call each other under the read lock.
package config

import "sync"

type Config struct {
	mu     sync.RWMutex
	values map[string]string
	gen    int
}

func (c *Config) Get(key string) string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.values[key]
}

func (c *Config) Has(key string) bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	_, ok := c.values[key]
	return ok
}

// GetOr reads through Has and Get while holding the read lock.
func (c *Config) GetOr(key, def string) string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.Has(key) { // want `\(\*Config\)\.Has\(\) read-locks c\.mu again \(line 19\) while this goroutine holds its read lock \(RLock at line 27\): a writer waiting in between \(e\.g\. line 48\) deadlocks both`
		return c.values[key]
	}
	return def
}

// Generation takes the read lock twice in a row.
func (c *Config) Generation() (int, int) {
	c.mu.RLock()
	gen := c.gen
	c.mu.RLock() // want `c\.mu is read-locked again while this goroutine holds its read lock \(RLock at line 37\)`
	n := len(c.values)
	c.mu.RUnlock()
	c.mu.RUnlock()
	return gen, n
}

// Reload is the writer that makes the recursive read locks deadlock.
func (c *Config) Reload(values map[string]string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.values = values
	c.gen++
}
