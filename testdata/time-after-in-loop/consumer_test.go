package afters

// Tests wait with time.After in loops freely.

import (
	"testing"
	"time"
)

func TestConsume(t *testing.T) {
	ch := make(chan int)
	for i := 0; i < 3; i++ {
		select {
		case <-ch:
		case <-time.After(time.Millisecond):
		}
	}
}
