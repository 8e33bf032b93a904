package safe

import (
	"sync"
	"sync/atomic"
)

// Writers serialised by a mutex; readers stay lock-free.
type Routes struct {
	mu    sync.Mutex
	table atomic.Pointer[map[string]string]
}

func (r *Routes) Lookup(host string) string { return (*r.table.Load())[host] }

func (r *Routes) Set(host, backend string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	cur := r.table.Load()
	next := make(map[string]string, len(*cur)+1)
	for k, v := range *cur {
		next[k] = v
	}
	next[host] = backend
	r.table.Store(&next)
}

// A CAS loop retries when another writer got in first.
type Backends struct {
	list atomic.Pointer[[]string]
}

func (b *Backends) Add(addr string) {
	for {
		cur := b.list.Load()
		next := append(append([]string(nil), *cur...), addr)
		if b.list.CompareAndSwap(cur, &next) {
			return
		}
	}
}

// The new value does not depend on the old one: a plain replacement loses nothing.
type Config struct{ Version int }

var current atomic.Value

func Reload(version int) {
	if c, ok := current.Load().(*Config); ok && c.Version == version {
		return
	}
	current.Store(&Config{Version: version})
}

// A helper only ever called with the writer lock held.
type Table struct {
	mu   sync.Mutex
	rows atomic.Pointer[[]int]
}

func (t *Table) Append(v int) {
	t.mu.Lock()
	t.appendLocked(v)
	t.mu.Unlock()
}

func (t *Table) appendLocked(v int) {
	cur := t.rows.Load()
	next := append(append([]int(nil), *cur...), v)
	t.rows.Store(&next)
}
