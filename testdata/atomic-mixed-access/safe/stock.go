package safe

import (
	"log"
	"sync"
	"sync/atomic"
	"time"
)

// Stock decrement under a mutex with atomics, watched by a monitor: every access is atomic.
type Inventory struct {
	mu    sync.Mutex
	stock int64
}

func (inv *Inventory) Buy() bool {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	if atomic.LoadInt64(&inv.stock) <= 0 {
		return false
	}
	atomic.AddInt64(&inv.stock, -1)
	return true
}

func (inv *Inventory) Monitor() {
	go func() {
		for range time.Tick(time.Millisecond) {
			log.Printf("stock=%d", atomic.LoadInt64(&inv.stock))
		}
	}()
}
