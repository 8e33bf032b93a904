package pool

import "sync"

// Ping-pong: the helper receives once per round and the function sends once per round.
func pingPong(n int, work func(int) int) int {
	in := make(chan int)
	out := make(chan int)
	go func() {
		for i := 0; i < n; i++ {
			v := <-in
			out <- work(v)
		}
	}()
	sum := 0
	for i := 0; i < n; i++ {
		in <- i
		sum += <-out
	}
	return sum
}

// Workers take tokens until they get a false one; the function fills the queue before starting them.
func allocate(n, workers int, alloc func()) {
	work := make(chan bool, n+workers)
	for i := 0; i < n; i++ {
		work <- true
	}
	for i := 0; i < workers; i++ {
		work <- false
	}
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for <-work {
				alloc()
			}
		}()
	}
	wg.Wait()
}

// Closed by a deferred closure on every path.
func watchAll(events []string, handle func(string)) {
	ch := make(chan string)
	defer func() { close(ch) }()
	go func() {
		for e := range ch {
			handle(e)
		}
	}()
	for _, e := range events {
		ch <- e
	}
}

// The sending loop stops on an event of the source; the helper is told once the loop ends.
func relay(next func() (int, bool), emit func(int)) {
	values := make(chan int)
	go func() {
		for {
			v := <-values
			if v < 0 {
				return
			}
			emit(v)
		}
	}()
	for {
		v, ok := next()
		if !ok {
			break
		}
		values <- v
	}
	values <- -1
}
