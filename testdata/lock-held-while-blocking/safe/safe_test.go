package safe

import (
	"sync"
	"testing"
	"time"
)

// Tests hold locks across sleeps on purpose, to create contention.
func TestContention(t *testing.T) {
	var mu sync.Mutex
	done := make(chan bool)
	go func() {
		mu.Lock()
		time.Sleep(10 * time.Millisecond)
		mu.Unlock()
		done <- true
	}()
	<-done
}
