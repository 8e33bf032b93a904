// A ledger and a job queue whose loops defer their unlocks.
package ledger

import (
	"sync"
	"time"
)

type Ledger struct {
	mu      sync.Mutex
	balance map[string]int
	audit   sync.RWMutex
	log     []string
}

func (l *Ledger) Apply(deltas map[string]int) {
	for acct, d := range deltas {
		l.mu.Lock()
		defer l.mu.Unlock() // want "`defer l\\.mu\\.Unlock\\(\\)` in a loop runs only when the function returns: the next iteration locks l\\.mu again \\(line 18\\) while it is still held and blocks forever"
		l.balance[acct] += d
	}
}

func (l *Ledger) Report(accts []string) []string {
	var out []string
	for _, a := range accts {
		l.audit.RLock()
		defer l.audit.RUnlock() // want "read locks on l\\.audit \\(line 27\\) pile up, and the next RLock deadlocks once a writer waits"
		for _, e := range l.log {
			if e == a {
				out = append(out, e)
			}
		}
	}
	return out
}

type Job struct{ id int }

var (
	queueMu sync.Mutex
	queue   []Job
)

// Drain consumes jobs from a channel; SA9001's case, with a mutex.
func Drain(jobs <-chan Job) {
	for j := range jobs {
		queueMu.Lock()
		defer func() { // want "in a loop runs only when the function returns: the next iteration locks queueMu again"
			queueMu.Unlock()
		}()
		queue = append(queue, j)
	}
}

// Retry locks once and defers the unlock on every attempt.
func (l *Ledger) Retry(acct string, try func() error) error {
	l.mu.Lock()
	var err error
	for i := 0; i < 3; i++ {
		defer l.mu.Unlock() // want `unlocks l\.mu \(locked once, line 58\) once per iteration at return: the second Unlock is fatal error "sync: unlock of unlocked mutex"`
		if err = try(); err == nil {
			l.balance[acct]++
		}
		time.Sleep(time.Millisecond)
	}
	return err
}
