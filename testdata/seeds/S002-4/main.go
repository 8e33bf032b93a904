// Seed 002, §2.3: the statements wrapped in main.
package main

func main() {
	ch := make(chan int, 1)
	ch <- 1 // 缓冲满
	ch <- 2 // panic: send on closed channel? 不——是 fatal error: all goroutines are asleep - deadlock! // want `send blocks forever: the buffer of ch \(capacity 1\) is already full`
}
