package main

import (
	"fmt"
	"os"
	"time"
)

// main runs once: a goroutine left behind when main returns dies with the process.
func main() {
	ch := make(chan string)
	go func() { ch <- probe() }()
	select {
	case s := <-ch:
		fmt.Println(s)
	case <-time.After(time.Second):
		fmt.Println("timeout")
		os.Exit(1)
	}
}

func probe() string { return "ok" }
