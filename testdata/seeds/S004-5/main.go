// Seed 004, §3.1: the statements wrapped in main.
package main

func main() {
	m := make(map[string]int)
	for i := 0; i < 3; i++ {
		go func() {
			m["key"]++ // ❌ 隐式捕获 m,无锁并发写 // want `concurrent map writes: m is written by goroutines that run at the same time`
		}()
	}
}
