// Deferred Lock calls that are not typos: none may be reported.
package safe

import "sync"

type Queue struct {
	mu    sync.Mutex
	items []int
}

func (q *Queue) Push(v int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.items = append(q.items, v)
}

// Unlock for the duration of a callback and re-lock on the way out: the caller holds q.mu.
func (q *Queue) drainLocked(f func(int)) {
	items := q.items
	q.items = nil
	q.mu.Unlock()
	defer q.mu.Lock()
	for _, v := range items {
		f(v)
	}
}

// Two different mutexes.
func move(a, b *Queue) {
	a.mu.Lock()
	defer b.mu.Lock()
	a.items = nil
}

// RLock then deferred RUnlock.
type Table struct {
	mu   sync.RWMutex
	rows map[int]string
}

func (t *Table) Row(i int) string {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.rows[i]
}
