// Package chain starts goroutines one from another; each records itself before it starts
// the next, so the records are ordered by the go statements.
package chain

import "fmt"

var started = map[string]bool{}

func relay(id int, done chan<- struct{}) {
	if id == 0 {
		done <- struct{}{}
		return
	}
	started[fmt.Sprint(id)] = true // before the next go statement: ordered
	go relay(id-1, done)
}

// fanOut records after starting the next goroutine, which records too.
var visited = map[int]bool{}

func fanOut(depth int) {
	if depth == 0 {
		return
	}
	go fanOut(depth - 1)
	visited[depth] = true // want `concurrent map writes: visited is written by goroutines that run at the same time`
}

func Start(done chan<- struct{}) {
	relay(3, done)
	fanOut(3)
}
