package main

// main and the goroutines it starts live as long as the process: tickers there are fine.

import (
	"log"
	"os"
	"os/signal"
	"time"
)

func main() {
	stats := time.NewTicker(time.Minute)
	go flush()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	for {
		select {
		case <-stats.C:
			log.Print("alive")
		case <-sig:
			return
		}
	}
}

func flush() {
	t := time.NewTicker(10 * time.Second)
	for {
		<-t.C
		if os.Getenv("STOP") != "" {
			return
		}
	}
}
