package leaks

import (
	"context"
	"errors"
	"net/http"
	"time"
)

var errTimeout = errors.New("timeout")

// The classic leak: the result channel is unbuffered and the caller stops waiting on timeout.
func fetchWithTimeout(url string, d time.Duration) (*http.Response, error) {
	ch := make(chan *http.Response)
	go func() {
		resp, err := http.Get(url)
		if err != nil {
			resp = nil
		}
		ch <- resp // want "send on ch blocks forever when fetchWithTimeout returns at line 26 without receiving"
	}()
	select {
	case resp := <-ch:
		return resp, nil
	case <-time.After(d):
		return nil, errTimeout
	}
}

// Cancellation instead of a timeout; the goroutine runs a named function.
func lookup(ctx context.Context, key string) (string, error) {
	result := make(chan string)
	go resolve(key, result)
	select {
	case v := <-result:
		return v, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

func resolve(key string, out chan<- string) {
	out <- "value of " + key // want "send on result blocks forever when lookup returns at line 38 without receiving"
}

// Result and error on two channels: the goroutine sends on exactly one of them.
func load(ctx context.Context, id int) ([]byte, error) {
	dataCh := make(chan []byte)
	errCh := make(chan error)
	go func() {
		data, err := read(id)
		if err != nil {
			errCh <- err // want "send on dataCh/errCh blocks forever when load returns at line 64"
			return
		}
		dataCh <- data
	}()
	select {
	case data := <-dataCh:
		return data, nil
	case err := <-errCh:
		return nil, err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func read(id int) ([]byte, error) { return nil, nil }
