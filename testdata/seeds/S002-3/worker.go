package worker

import "context"

func leakyWorker(ctx context.Context) {
	ch := make(chan int)
	go func() { // 泄漏:goroutine阻塞在ch接收,但ch永不关闭 // want `goroutine blocks forever ranging over ch, .* it ignores ctx`
		for range ch { // ❌ 无退出条件 // want `this range over ch never ends, because nothing ever closes ch`
		}
	}()
	// 忘记 close(ch) 或 ctx.Done() 检查
}
