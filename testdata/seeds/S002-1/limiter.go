package limiter

import (
	"sync/atomic"
	"time"
)

type SlidingWindowLimiter struct {
	windows [600]int64 // 每100ms一个槽位
	offset  int64      // 当前毫秒级时间戳对100取模的偏移(用于定位槽位)
}

func (l *SlidingWindowLimiter) Allow() bool {
	now := time.Now().UnixMilli()
	slot := (now / 100) % 600 // 定位当前100ms槽位
	atomic.AddInt64(&l.windows[slot], 1) // want `time-bucketed counter l.windows is only ever added to: slots are never reset`

	// 累加最近10个槽位(覆盖1秒)
	var total int64
	for i := 0; i < 10; i++ {
		idx := (slot - int64(i) + 600) % 600
		total += atomic.LoadInt64(&l.windows[idx])
	}
	return total <= 1000 // 目标QPS=1000 → 1秒内≤1000次
}
