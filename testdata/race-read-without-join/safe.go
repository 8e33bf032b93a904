package lookup

import (
	"sync"
	"time"
)

// Safe: the channel is received from before the result is returned.
func LookupWait(query func() string) (result string) {
	done := make(chan struct{})
	go func() {
		result = query()
		close(done)
	}()
	<-done
	return result
}

// Safe: wg.Wait before the read.
func ReloadWait(load func() Config) string {
	var cfg Config
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		cfg = load()
	}()
	wg.Wait()
	return cfg.Addr
}

// Safe: the value travels over the channel.
func LookupTimeout(query func() string, d time.Duration) string {
	ch := make(chan string, 1)
	go func() { ch <- query() }()
	select {
	case s := <-ch:
		return s
	case <-time.After(d):
		return ""
	}
}
