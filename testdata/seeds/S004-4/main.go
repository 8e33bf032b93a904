// Seed 004, §2.5: the statements wrapped in main.
package main

func main() {
	// 模拟竞争:两个goroutine并发写入同一map元素
	m := make(map[string]int)
	go func() { m["flag"] = 1 }()           // 写低32位 // want `concurrent map writes: m is also written at line 8`
	go func() { m["flag"] = 0x100000000 }() // 写高32位(假设64位int未对齐)
}
