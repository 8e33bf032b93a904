package leaks

import "context"

type result struct {
	name string
	err  error
}

// Scatter/gather that returns on the first error: the goroutines not yet received from block forever.
func checkAll(hosts []string, ping func(string) error) error {
	results := make(chan result)
	for _, h := range hosts {
		go func(h string) {
			results <- result{name: h, err: ping(h)} // want "sends on results block forever for every goroutine checkAll has not received from when it returns at line 20"
		}(h)
	}
	for range hosts {
		if r := <-results; r.err != nil {
			return r.err
		}
	}
	return nil
}

// The same with cancellation while gathering.
func gather(ctx context.Context, urls []string, get func(string) string) ([]string, error) {
	out := make(chan string)
	for _, u := range urls {
		u := u
		go func() { out <- get(u) }() // want "sends on out block forever for every goroutine gather has not received from when it returns at line 37"
	}
	var pages []string
	for i := 0; i < len(urls); i++ {
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case p := <-out:
			pages = append(pages, p)
		}
	}
	return pages, nil
}

// A producer whose consumer stops at the first match.
func contains(keys []string, want string) bool {
	ch := make(chan string)
	go func() {
		defer close(ch)
		for _, k := range keys {
			ch <- k // want "send on ch blocks forever once contains stops receiving and returns at line 56"
		}
	}()
	for k := range ch {
		if k == want {
			return true
		}
	}
	return false
}

// An error on the way, before the result is collected.
func build(compile func() error, link func() error) error {
	done := make(chan error)
	go func() { done <- compile() }() // want "send on done blocks forever when build returns at line 67"
	if err := link(); err != nil {
		return err
	}
	return <-done
}
