package tickers

import (
	"log"
	"time"
)

// Report hands the ticker to a goroutine that returns on quit without stopping it.
func Report(stats func() int, quit <-chan struct{}) {
	t := time.NewTicker(time.Second) // want `t is read by a goroutine that can return without stopping it`
	go func() {
		for {
			select {
			case <-t.C:
				log.Print(stats())
			case <-quit:
				return
			}
		}
	}()
}

// Poll makes a new ticker every round and stops it only when the round succeeds.
func Poll(rounds int, try func() bool) {
	for i := 0; i < rounds; i++ {
		t := time.NewTicker(100 * time.Millisecond) // want `t is replaced by a new ticker on the next iteration before it is stopped`
		<-t.C
		if !try() {
			continue
		}
		t.Stop()
	}
}
