package leaks

import "time"

// The goroutine reports that it has started, then its result; after the start the caller only
// waits so long for the result.
func startAndWait(run func() error, d time.Duration) error {
	started := make(chan struct{})
	done := make(chan error)
	go func() {
		started <- struct{}{}
		done <- run() // want "send on started/done blocks forever when startAndWait returns at line 19"
	}()
	<-started
	select {
	case err := <-done:
		return err
	case <-time.After(d):
		return errTimeout
	}
}
