// Values with locks made, passed and returned without copying a lock anybody uses: none may be reported.
package safe

import (
	"sync"
	"sync/atomic"
)

type Cache struct {
	mu   sync.Mutex
	data map[string]string
	name string
}

// Zero-value constructors returning a struct: nobody has the lock yet.
func NewCache(name string) Cache {
	return Cache{data: map[string]string{}, name: name}
}

func NewNamed(name string) Cache {
	var c Cache
	c.name = name
	c.data = make(map[string]string)
	return c
}

func newFromTemplate() Cache {
	c := NewCache("tmp")
	c.name = "template"
	return c
}

// Copy, then give the copy its own lock (golang/go#20261).
func (c *Cache) Fork() *Cache {
	c.mu.Lock()
	defer c.mu.Unlock()
	f := *c
	f.mu = sync.Mutex{}
	f.data = make(map[string]string, len(c.data))
	for k, v := range c.data {
		f.data[k] = v
	}
	return &f
}

// Pointers everywhere.
func (c *Cache) Get(k string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.data[k]
}

func fill(caches []*Cache) {
	for _, c := range caches {
		c.data = map[string]string{}
	}
	for i := range caches {
		_ = caches[i].name
	}
}

func sizes(cs []Cache) int {
	n := 0
	for i := range cs {
		n += len(cs[i].data)
	}
	return n
}

// A type with Lock/Unlock methods around a pointer is fine to copy (golang/go#18451).
type Locker struct {
	mu *sync.Mutex
}

func (l Locker) Lock()   { l.mu.Lock() }
func (l Locker) Unlock() { l.mu.Unlock() }

func with(l Locker, f func()) {
	l.Lock()
	defer l.Unlock()
	f()
}

// atomic.Value has no noCopy marker; vet accepts its copies.
type Holder struct {
	v atomic.Value
}

func load(h Holder) any { return h.v.Load() }

// Fields of the value, not the value: no copy of the lock.
func (c *Cache) Name() string {
	name := c.name
	return name
}
