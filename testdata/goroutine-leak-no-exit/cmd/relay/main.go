package main

import (
	"log"
	"time"
)

// main's goroutines live as long as the process: that is what they are for.
func main() {
	for i := 0; i < 4; i++ {
		go func(i int) {
			for {
				log.Print("worker ", i)
				time.Sleep(time.Second)
			}
		}(i)
	}
	select {}
}
