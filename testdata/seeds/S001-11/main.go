package main

import "runtime"

func main() {
	m := make(map[int]int)
	go func() { // 写协程
		for i := 0; i < 1e5; i++ {
			m[i] = i // 触发 grow 或 overflow bucket 修改 // want `concurrent map iteration and map write: m is written here while line 12 ranges over it`
		}
	}()
	for range m { // 迭代协程 —— 与写竞争
		runtime.GC() // 强制 STW,放大竞态窗口
	}
}
