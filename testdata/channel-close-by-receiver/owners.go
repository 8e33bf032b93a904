package search

import "sync"

// Every sender has been received from before the close (pointless, but safe).
func squares(xs []int) []int {
	ch := make(chan int)
	for _, x := range xs {
		go func(x int) { ch <- x * x }(x)
	}
	out := make([]int, 0, len(xs))
	for range xs {
		out = append(out, <-ch)
	}
	close(ch)
	return out
}

// The close happens after the WaitGroup, in its own goroutine: the idiomatic fan-in.
func merge(inputs []<-chan int) <-chan int {
	out := make(chan int)
	var wg sync.WaitGroup
	for _, in := range inputs {
		wg.Add(1)
		go func(in <-chan int) {
			defer wg.Done()
			for v := range in {
				out <- v
			}
		}(in)
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}

// The sender closes: that is its job.
func count(n int) []int {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for i := 0; i < n; i++ {
			ch <- i
		}
	}()
	var out []int
	for v := range ch {
		out = append(out, v)
	}
	return out
}

// Every sender has signalled the WaitGroup after its send before the close.
func subscribeAll(sub func() string) []string {
	subs := make(chan string, 10)
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			subs <- sub()
		}()
	}
	wg.Wait()
	close(subs)
	var out []string
	for s := range subs {
		out = append(out, s)
	}
	return out
}

// The consumer closes after its counted receives, outside its receive loop; the producer sends exactly that many.
func handshake(n int, step func(int)) {
	ch := make(chan int)
	go func() {
		for i := 0; i < n; i++ {
			step(<-ch)
		}
		close(ch)
	}()
	for i := 0; i < n; i++ {
		ch <- i
	}
}
