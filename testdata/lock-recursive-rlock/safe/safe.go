// Read locks that are not taken twice, or that no writer can come between: none reported.
package safe

import "sync"

type Table struct {
	mu   sync.RWMutex
	rows map[int]string
}

func (t *Table) Row(id int) string {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.rowLocked(id)
}

// rowLocked requires t.mu held (read or write).
func (t *Table) rowLocked(id int) string { return t.rows[id] }

// Rows reads through the ...Locked variant.
func (t *Table) Rows(ids []int) []string {
	t.mu.RLock()
	defer t.mu.RUnlock()
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		out = append(out, t.rowLocked(id))
	}
	return out
}

// First releases its read lock before calling Row.
func (t *Table) First() string {
	t.mu.RLock()
	n := len(t.rows)
	t.mu.RUnlock()
	if n == 0 {
		return ""
	}
	return t.Row(0)
}

func (t *Table) Set(id int, v string) {
	t.mu.Lock()
	t.rows[id] = v
	t.mu.Unlock()
}

// Join read-locks two different tables.
func Join(a, b *Table, id int) string {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.rows[id] + b.Row(id)
}

// frozen is filled once before it is shared and never written again: no writer can wait.
type frozen struct {
	mu   sync.RWMutex
	data map[string]int
}

func (f *frozen) get(k string) int {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return f.data[k]
}

func (f *frozen) sum(keys []string) int {
	f.mu.RLock()
	defer f.mu.RUnlock()
	total := 0
	for _, k := range keys {
		total += f.get(k)
	}
	return total
}
