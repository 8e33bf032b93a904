package longtail

import (
	"sync"
	"time"
)

// 模拟长尾阻塞:P0 上持续持有锁并睡眠
func longTailTask(mu *sync.Mutex) {
	mu.Lock()
	time.Sleep(500 * time.Millisecond) // 实际中可能为网络IO或锁竞争 // want `time.Sleep sleeps while mu is held \(locked at line 10\)`
	mu.Unlock()
}
