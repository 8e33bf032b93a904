// Package guarded is a TTL cache whose map is always touched under its mutex: directly,
// with defer, through a local alias, and through helpers that expect the lock held.
package guarded

import (
	"sync"
	"time"
)

type entry struct {
	value   string
	expires time.Time
}

type Cache struct {
	mu      sync.Mutex
	entries map[string]entry
	stop    chan struct{}
}

func NewCache() *Cache {
	c := &Cache{entries: make(map[string]entry), stop: make(chan struct{})}
	go c.janitor(time.Minute)
	return c
}

func (c *Cache) janitor(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			c.mu.Lock()
			c.expireLocked(time.Now())
			c.mu.Unlock()
		case <-c.stop:
			return
		}
	}
}

// expireLocked must be called with c.mu held.
func (c *Cache) expireLocked(now time.Time) {
	for k, e := range c.entries {
		if now.After(e.expires) {
			delete(c.entries, k)
		}
	}
}

func (c *Cache) Set(key, value string, ttl time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries[key] = entry{value: value, expires: time.Now().Add(ttl)}
}

func (c *Cache) Delete(key string) {
	c.mu.Lock()
	m := c.entries // an alias taken under the lock, used under the lock
	delete(m, key)
	c.mu.Unlock()
}

func (c *Cache) Purge() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.resetLocked()
}

func (c *Cache) resetLocked() {
	c.entries = make(map[string]entry)
	c.entries["_"] = entry{}
}

func (c *Cache) Close() { close(c.stop) }

// defaults is filled once by init, before any goroutine of the package runs.
var defaults = map[string]string{}

func init() {
	defaults["region"] = "eu-west-1"
	defaults["tier"] = "standard"
}

func Default(key string) string { return defaults[key] }
