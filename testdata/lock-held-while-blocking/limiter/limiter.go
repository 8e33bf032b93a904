// A rate limiter and a long-tail job runner that sleep with their mutex held (seed case 15).
package limiter

import (
	"sync"
	"time"
)

type Limiter struct {
	mu    sync.Mutex
	last  time.Time
	every time.Duration
}

func (l *Limiter) Wait() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if d := l.every - time.Since(l.last); d > 0 {
		time.Sleep(d) // want `time\.Sleep sleeps while l\.mu is held \(locked at line 16\): every goroutine that needs l\.mu waits as long`
	}
	l.last = time.Now()
}

func longTailTask(mu *sync.Mutex) {
	mu.Lock()
	time.Sleep(500 * time.Millisecond) // want `time\.Sleep sleeps while mu is held`
	mu.Unlock()
}

func backoff(attempt int) {
	time.Sleep(time.Duration(attempt) * 100 * time.Millisecond)
}

// Retry sleeps through a helper while holding the lock.
func (l *Limiter) Retry(op func() error) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	var err error
	for i := 0; i < 3; i++ {
		if err = op(); err == nil {
			return nil
		}
		backoff(i) // want `backoff\(\) \(time\.Sleep\) sleeps while l\.mu is held`
	}
	return err
}
