// Package switches locks only when asked to: callers that pass false hold the lock already.
package switches

import "sync"

type Index struct {
	sync.RWMutex
	byKey map[string][]int
	cache map[string]int
}

func (x *Index) remove(key string, id int, lock bool) {
	if lock {
		x.Lock()
		defer x.Unlock()
	}
	ids := x.byKey[key]
	for i, v := range ids {
		if v == id {
			x.byKey[key] = append(ids[:i], ids[i+1:]...)
			break
		}
	}
	delete(x.cache, key)
}

func (x *Index) Remove(key string, id int) { x.remove(key, id, true) }

// RemoveAll takes the lock once for the whole batch.
func (x *Index) RemoveAll(key string, ids []int) {
	x.Lock()
	defer x.Unlock()
	for _, id := range ids {
		x.remove(key, id, false)
	}
}

func (x *Index) count(key string, doLock bool) int {
	if doLock {
		x.RLock()
	}
	n, ok := x.cache[key]
	if doLock {
		x.RUnlock()
	}
	if ok {
		return n
	}
	if doLock {
		x.Lock()
	}
	n = len(x.byKey[key])
	x.cache[key] = n
	if doLock {
		x.Unlock()
	}
	return n
}

func (x *Index) Count(key string) int { return x.count(key, true) }

// Start runs a goroutine that uses the same methods.
func (x *Index) Start(keys <-chan string) {
	go func() {
		for k := range keys {
			if x.count(k, true) > 100 {
				x.Remove(k, 0)
			}
		}
	}()
}

// Route updates a map under a lock taken through local closures.
type Route struct {
	mu     sync.Mutex
	remote map[string]int
}

func (r *Route) update(key string, delta int) {
	lock := func() { r.mu.Lock() }
	unlock := func() { r.mu.Unlock() }
	lock()
	r.remote[key] += delta
	unlock()
}

func (r *Route) Start(keys <-chan string) {
	for i := 0; i < 4; i++ {
		go func() {
			for k := range keys {
				r.update(k, 1)
			}
		}()
	}
}

// Gateway guards a map with the mutex embedded in an anonymous struct field, and lets callers
// that already hold the lock say so.
type Gateway struct {
	pending struct {
		sync.Mutex
		m map[string]int
	}
}

func (g *Gateway) track(acc string, delta int, hasLock bool) {
	if !hasLock {
		g.pending.Lock()
		defer g.pending.Unlock()
	}
	g.pending.m[acc] += delta
}

func (g *Gateway) Track(acc string) { g.track(acc, 1, false) }

func (g *Gateway) Run(accs <-chan string) {
	for i := 0; i < 2; i++ {
		go func() {
			for a := range accs {
				g.track(a, 1, false)
			}
		}()
	}
}
