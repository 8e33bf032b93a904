package go123

// Since Go 1.23 unreferenced tickers are collected: time.Tick is fine anywhere.

import "time"

func WaitReady(ready func() bool) {
	for range time.Tick(100 * time.Millisecond) {
		if ready() {
			return
		}
	}
}
