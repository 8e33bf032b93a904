// Seed 004, §3.3: the missing ")" of the type assertion is added, and the two
// goroutines the seed labels "goroutine A" and "goroutine B" are go statements.
package pool

import "sync"

var pool = sync.Pool{
	New: func() interface{} {
		return make(map[string]int) // ❌ 危险:返回非线程安全对象
	},
}

func share() {
	// goroutine A
	m := pool.Get().(map[string]int)
	go func() {
		m["a"] = 1 // 无锁写入 // want `concurrent map writes: m is also written at line 21`
	}()
	// goroutine B(同时执行)
	go func() {
		m["b"] = 2 // 竞态!map 不是并发安全类型
	}()
}
