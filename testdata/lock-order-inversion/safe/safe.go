// Lock pairs that cannot deadlock: none may be reported.
package safe

import "sync"

type Cache struct {
	mu   sync.Mutex
	data map[string]string
}

type Stats struct {
	mu   sync.Mutex
	hits int
}

// One order everywhere: Cache.mu, then Stats.mu.
func Get(c *Cache, s *Stats, k string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	s.mu.Lock()
	s.hits++
	s.mu.Unlock()
	return c.data[k]
}

func Reset(c *Cache, s *Stats) {
	c.mu.Lock()
	s.mu.Lock()
	c.data = map[string]string{}
	s.hits = 0
	s.mu.Unlock()
	c.mu.Unlock()
}

// Report releases Stats.mu before taking Cache.mu.
func Report(c *Cache, s *Stats) (int, int) {
	s.mu.Lock()
	hits := s.hits
	s.mu.Unlock()
	c.mu.Lock()
	n := len(c.data)
	c.mu.Unlock()
	return hits, n
}

type Node struct {
	mu       sync.Mutex
	children []*Node
}

// Parent then child is two instances of one field: not an order between two mutex classes.
func (n *Node) Count() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	total := 1
	for _, c := range n.children {
		c.mu.Lock()
		total += len(c.children)
		c.mu.Unlock()
	}
	return total
}

type Index struct {
	gate sync.Mutex
	a    sync.Mutex
	b    sync.Mutex
	x, y int
}

// Both orders happen under the gate lock, which serialises them.
func (ix *Index) AB() {
	ix.gate.Lock()
	defer ix.gate.Unlock()
	ix.a.Lock()
	ix.b.Lock()
	ix.x, ix.y = ix.y, ix.x
	ix.b.Unlock()
	ix.a.Unlock()
}

func (ix *Index) BA() {
	ix.gate.Lock()
	defer ix.gate.Unlock()
	ix.b.Lock()
	ix.a.Lock()
	ix.x++
	ix.a.Unlock()
	ix.b.Unlock()
}

type Views struct {
	left  sync.RWMutex
	right sync.RWMutex
	l, r  int
}

// Read locks in both orders do not block each other.
func (v *Views) LR() int {
	v.left.RLock()
	defer v.left.RUnlock()
	v.right.RLock()
	defer v.right.RUnlock()
	return v.l + v.r
}

func (v *Views) RL() int {
	v.right.RLock()
	defer v.right.RUnlock()
	v.left.RLock()
	defer v.left.RUnlock()
	return v.r - v.l
}
