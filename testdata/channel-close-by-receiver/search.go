package search

// The receiver closes the results channel on the first hit; the others panic when they send.
func firstMatch(paths []string, match func(string) bool) string {
	found := make(chan string)
	for _, p := range paths {
		go func(p string) {
			if match(p) {
				found <- p
			} else {
				found <- ""
			}
		}(p)
	}
	for range paths {
		if p := <-found; p != "" {
			close(found) // want "close while senders remain: goroutines started by firstMatch may still send on found"
			return p
		}
	}
	return ""
}

type result struct {
	n   int
	err error
}

// A deferred close by the receiver, with an early return.
func total(parts [][]int, sum func([]int) (int, error)) (int, error) {
	results := make(chan result)
	defer close(results) // want "this deferred close of results runs when total returns with goroutines that may still send on it"
	for _, p := range parts {
		go func(p []int) {
			n, err := sum(p)
			results <- result{n, err}
		}(p)
	}
	t := 0
	for range parts {
		r := <-results
		if r.err != nil {
			return 0, r.err
		}
		t += r.n
	}
	return t, nil
}

// A consumer that stops the producer by closing its channel.
func take(n int, gen func() int) []int {
	ch := make(chan int)
	go func() {
		for {
			ch <- gen()
		}
	}()
	var out []int
	for v := range ch {
		out = append(out, v)
		if len(out) == n {
			close(ch) // want "close while senders remain"
		}
	}
	return out
}

// The consumer closes the work channel to stop the producer loop: the producer's next send panics.
func process(jobs []string, handle func(string) error) {
	work := make(chan string)
	go func() {
		for j := range work {
			if err := handle(j); err != nil {
				close(work) // want "close by the receiver: this goroutine receives from work and closes it while process goes on sending on it"
				return
			}
		}
	}()
	for _, j := range jobs {
		work <- j
	}
}

// The same through a deferred close in a consumer that returns from its receive loop.
func stream(lines []string, parse func(string) bool) {
	in := make(chan string)
	go func() {
		defer close(in) // want "close by the receiver: this goroutine receives from in and closes it while stream goes on sending on it"
		for {
			if !parse(<-in) {
				return
			}
		}
	}()
	for _, l := range lines {
		in <- l
	}
}

// A deferred closure that closes the results channel while senders may remain.
func fastest(mirrors []string, get func(string) string) string {
	results := make(chan string)
	defer func() {
		close(results) // want "this deferred close of results runs when fastest returns with goroutines that may still send on it"
	}()
	for _, m := range mirrors {
		go func(m string) { results <- get(m) }(m)
	}
	return <-results
}
