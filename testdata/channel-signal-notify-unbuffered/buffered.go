package shutdown

import (
	"context"
	"os"
	"os/signal"
)

// Buffered: the signal waits in the channel until it is received.
func WaitForSignal(ctx context.Context) os.Signal {
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt)
	defer signal.Stop(c)
	select {
	case s := <-c:
		return s
	case <-ctx.Done():
		return nil
	}
}

// The caller's channel: its buffer is decided elsewhere.
func Forward(c chan<- os.Signal) {
	signal.Notify(c, os.Interrupt)
}
