// Seed 002, §2.1: the two goroutines' code wrapped in functions.
package stock

import (
	"log"
	"sync"
	"sync/atomic"
	"time"
)

var stock int32 = 100
var mu sync.Mutex

// goroutine A(下单)
func order() {
	mu.Lock()
	if atomic.LoadInt32(&stock) > 0 {
		atomic.AddInt32(&stock, -1) // ✅ 原子写,对B可见
	}
	mu.Unlock()
}

// goroutine B(后台监控)
func monitor() {
	go func() {
		for range time.Tick(time.Millisecond) {
			s := atomic.LoadInt32(&stock) // ✅ 读操作建立hb边
			log.Printf("current: %d", s)
		}
	}()
}
