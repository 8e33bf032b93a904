// Seed 004, §3.2: the seed does not compile ("cancel declared but not used");
// the cancel function is discarded with _ here, and the map it uses is declared.
package registry

import (
	"context"
	"time"
)

var m = map[string]chan struct{}{}

func register(key string) {
	ctx, _ := context.WithCancel(context.Background()) // want `the cancel function of context.WithCancel is discarded`
	ch := make(chan struct{})
	m[key] = ch // 非原子写入
	go func() {
		<-ctx.Done()
		time.Sleep(10 * time.Millisecond) // 模拟清理延迟
		delete(m, key)                    // defer 实际在此处执行
	}()
}
