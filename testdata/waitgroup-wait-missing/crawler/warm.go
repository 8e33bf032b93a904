// A cache warmer that starts its loaders and forgets to wait for them.
package crawler

import "sync"

type Cache struct {
	mu sync.Mutex
	m  map[string][]byte
}

func (c *Cache) Warm(keys []string, load func(string) []byte) int {
	var wg sync.WaitGroup // want "wg counts the goroutines that \\(\\*Cache\\).Warm starts, but nothing ever calls wg.Wait\\(\\)"
	for _, k := range keys {
		wg.Add(1)
		go func(k string) {
			defer wg.Done()
			v := load(k)
			c.mu.Lock()
			c.m[k] = v
			c.mu.Unlock()
		}(k)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m)
}

func Ping(hosts []string, ping func(string, *sync.WaitGroup)) {
	wg := &sync.WaitGroup{} // want "wg counts the goroutines that Ping starts"
	for _, h := range hosts {
		wg.Add(1)
		go ping(h, wg)
	}
}
