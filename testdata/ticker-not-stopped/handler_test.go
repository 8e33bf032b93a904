package tickers

// Tests end with the process: not reported.

import (
	"testing"
	"time"
)

func TestProgress(t *testing.T) {
	tick := time.NewTicker(time.Millisecond)
	<-tick.C
}
