package main

import "fmt"

// main runs once; a goroutine still waiting when main returns ends with the process.
func main() {
	lines := make(chan string)
	go func() {
		for l := range lines {
			fmt.Println(l)
		}
	}()
	lines <- "hello"
}
