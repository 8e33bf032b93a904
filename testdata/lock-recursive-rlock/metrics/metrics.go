// A metrics registry whose snapshot walks the registry through its own accessors.
package metrics

import (
	"sort"
	"sync"
)

type Registry struct {
	mu       sync.RWMutex
	counters map[string]int64
}

func (r *Registry) Inc(name string) {
	r.mu.Lock()
	r.counters[name]++
	r.mu.Unlock()
}

func (r *Registry) Value(name string) int64 {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.counters[name]
}

func (r *Registry) names() []string {
	out := make([]string, 0, len(r.counters))
	for n := range r.counters {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func (r *Registry) row(name string) string {
	return name + "=" + itoa(r.Value(name))
}

// Snapshot reaches Value's RLock through row.
func (r *Registry) Snapshot() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	var rows []string
	for _, n := range r.names() {
		rows = append(rows, r.row(n)) // want `\(\*Registry\)\.row\(\) read-locks r\.mu again \(line 21\)`
	}
	return rows
}

func itoa(v int64) string {
	if v == 0 {
		return "0"
	}
	var b []byte
	for ; v > 0; v /= 10 {
		b = append([]byte{byte('0' + v%10)}, b...)
	}
	return string(b)
}
