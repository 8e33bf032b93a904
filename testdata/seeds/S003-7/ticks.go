// Seed 003, §3.2: the loop wrapped in a function.
package ticks

import "time"

func poll() {
	// 错误:每毫秒新建 Timer,触发高频 timer heap 插入与轮询
	for range time.Tick(1 * time.Millisecond) {
		timer := time.NewTimer(5 * time.Second) // 泄漏 + 增加 timerproc 负担
		<-timer.C
	}
}
