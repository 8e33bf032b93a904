package main

import "sync"

func main() {
	m := make(map[int]int)
	var wg sync.WaitGroup
	// 并发写
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < 1000; i++ {
			m[i] = i // 触发写操作 // want `concurrent map read and map write: m is written here while line 21 reads it`
		}
	}()
	// 并发读
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < 1000; i++ {
			_ = m[i] // 触发读操作
		}
	}()
	wg.Wait() // panic: concurrent map read and map write
}
