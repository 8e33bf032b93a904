package routes

import "sync/atomic"

// Routes is a copy-on-write table: lock-free readers, writers copy and swap.
type Routes struct {
	table atomic.Pointer[map[string]string]
}

func New() *Routes {
	r := &Routes{}
	m := map[string]string{}
	r.table.Store(&m)
	return r
}

func (r *Routes) Lookup(host string) (string, bool) {
	b, ok := (*r.table.Load())[host]
	return b, ok
}

// Set is called from the admin API handlers, concurrently.
func (r *Routes) Set(host, backend string) {
	cur := r.table.Load()
	next := make(map[string]string, len(*cur)+1)
	for k, v := range *cur {
		next[k] = v
	}
	next[host] = backend
	r.table.Store(&next) // want `copy-on-write update of r.table without CompareAndSwap or a writer lock: two writers can Load the same snapshot`
}
