package deadlock

import "sync"

// The idiomatic fan-in: Wait and close in their own goroutine, receive meanwhile.
func fetchAllFixed(urls []string, get func(string) string) []string {
	var wg sync.WaitGroup
	results := make(chan string)
	for _, u := range urls {
		wg.Add(1)
		go func(u string) {
			defer wg.Done()
			results <- get(u)
		}(u)
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	var out []string
	for r := range results {
		out = append(out, r)
	}
	return out
}

// A buffer for every sender: the sends complete before anyone receives.
func fetchAllBuffered(urls []string, get func(string) string) []string {
	var wg sync.WaitGroup
	results := make(chan string, len(urls))
	for _, u := range urls {
		wg.Add(1)
		go func(u string) {
			defer wg.Done()
			results <- get(u)
		}(u)
	}
	wg.Wait()
	close(results)
	var out []string
	for r := range results {
		out = append(out, r)
	}
	return out
}

// Done before the send: the Wait does not wait for the send (the receive after it serves it).
func notifyAll(n int, ping func(int) bool) int {
	var wg sync.WaitGroup
	acks := make(chan bool)
	wg.Add(1)
	go func() {
		ok := ping(n)
		wg.Done()
		acks <- ok
	}()
	wg.Wait()
	if <-acks {
		return 1
	}
	return 0
}
