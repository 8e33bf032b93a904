// Seed 002, §3.3: the statements wrapped in a function (pb.Event declared
// locally). The seed passes an *atomic.Uint64 to atomic.LoadUint64, which does
// not compile; waterLevel is a *uint64 here, the only change.
package stream

import (
	"sync/atomic"

	"golang.org/x/sync/semaphore"
)

type Event struct{}

func send(evt *Event) {
	// 初始化带信号量的流控制器
	sem := semaphore.NewWeighted(16) // 最大并行写入数
	bufChan := make(chan *Event, 512)
	waterLevel := new(uint64)

	// 写入前检查水位与信号量
	if atomic.LoadUint64(waterLevel) < 400 && sem.TryAcquire(1) { // want `sem.TryAcquire takes a permit that is never released`
		select {
		case bufChan <- evt:
			atomic.AddUint64(waterLevel, 1)
		default:
			// 触发背压:丢弃或降级处理
		}
	}
}
