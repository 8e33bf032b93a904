package main

import "sync"

func main() {
	m := make(map[int]int)
	var wg sync.WaitGroup
	// 启动两个写 goroutine
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 1000; j++ {
				m[j] = j // 触发并发写 panic // want `concurrent map writes: m is written by goroutines that run at the same time`
			}
		}()
	}
	wg.Wait()
}
