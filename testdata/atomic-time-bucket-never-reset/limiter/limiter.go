package limiter

import (
	"sync/atomic"
	"time"
)

// SlidingWindowLimiter is the "model answer" limiter: 600 slots of 100 ms, the
// last 10 slots (one second) summed on every call.
type SlidingWindowLimiter struct {
	windows [600]int64
	limit   int64
}

func NewSlidingWindowLimiter(limit int64) *SlidingWindowLimiter {
	return &SlidingWindowLimiter{limit: limit}
}

func (l *SlidingWindowLimiter) Allow() bool {
	now := time.Now().UnixMilli()
	slot := (now / 100) % 600
	atomic.AddInt64(&l.windows[slot], 1) // want `time-bucketed counter l.windows is only ever added to: slots are never reset.*; rejected calls are counted too.*; the admission check sums separate atomic loads`
	var total int64
	for i := int64(0); i < 10; i++ {
		idx := (slot - i + 600) % 600
		total += atomic.LoadInt64(&l.windows[idx])
	}
	return total <= l.limit
}
