package main

// main may use time.Tick freely.

import (
	"fmt"
	"time"
)

func main() {
	n := 0
	for range time.Tick(time.Second) {
		if n++; n > 3 {
			return
		}
		fmt.Println(n)
	}
}
