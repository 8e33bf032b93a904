package tickers

import (
	"log"
	"time"
)

// Pool reports stats from a goroutine; the goroutine reads the ticker after Report returns,
// so only a suggestion (not a safe fix) is offered.
func Report(stats func() int, quit <-chan struct{}) {
	t := time.NewTicker(time.Second) // want `t is not stopped on every path`
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
