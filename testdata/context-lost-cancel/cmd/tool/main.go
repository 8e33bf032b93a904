package main

// Returning from main ends the process: a cancel skipped on main's early return leaks nothing.

import (
	"context"
	"fmt"
	"os"
	"time"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	if len(os.Args) < 2 {
		fmt.Println("usage: tool URL")
		return
	}
	run(ctx, os.Args[1])
	cancel()
}

func run(ctx context.Context, url string) { _ = ctx; _ = url }
