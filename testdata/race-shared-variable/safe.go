package stats

import (
	"sync"
	"sync/atomic"
)

// Safe: a mutex guards the counters.
func ServeLocked(reqs []string, handle func(string) error) Stats {
	var st Stats
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, r := range reqs {
		wg.Add(1)
		go func(r string) {
			defer wg.Done()
			err := handle(r)
			mu.Lock()
			st.Requests++
			if err != nil {
				st.Errors++
			}
			mu.Unlock()
		}(r)
	}
	wg.Wait()
	return st
}

// Safe: an atomic counter.
func CountAtomic(reqs []string, handle func(string)) int64 {
	var n atomic.Int64
	var wg sync.WaitGroup
	for _, r := range reqs {
		wg.Add(1)
		go func(r string) {
			defer wg.Done()
			handle(r)
			n.Add(1)
		}(r)
	}
	wg.Wait()
	return n.Load()
}

// Safe: each goroutine writes its own index of a slice sized up front.
func Lengths(words []string) []int {
	res := make([]int, len(words))
	var wg sync.WaitGroup
	for i, w := range words {
		wg.Add(1)
		go func(i int, w string) {
			defer wg.Done()
			res[i] = len(w)
		}(i, w)
	}
	wg.Wait()
	return res
}

// Safe: results travel over a channel and one goroutine sums them.
func TotalChan(parts [][]int) int {
	sums := make(chan int)
	for _, p := range parts {
		go func(p []int) {
			s := 0
			for _, v := range p {
				s += v
			}
			sums <- s
		}(p)
	}
	total := 0
	for range parts {
		total += <-sums
	}
	return total
}

var (
	limitOnce sync.Once
	limit     chan struct{}
)

// Safe: sync.Once orders the initialisation before every Do that returns.
func acquire() {
	limitOnce.Do(func() {
		limit = make(chan struct{}, 8)
	})
	limit <- struct{}{}
}

type worker struct {
	jobs chan string
	done chan struct{}
}

// Safe: the fields are set before the go statement that starts the loop reading them.
func (w *worker) start(handle func(string)) {
	w.jobs = make(chan string)
	w.done = make(chan struct{})
	go func() {
		defer close(w.done)
		for j := range w.jobs {
			handle(j)
		}
	}()
}

// Safe: each goroutine running serve has its own panicked variable.
func serve(conns []chan string, handle func(string)) {
	for _, c := range conns {
		go serveConn(c, handle)
	}
}

func serveConn(c chan string, handle func(string)) {
	panicked := true
	defer func() {
		if panicked {
			recover()
		}
	}()
	for s := range c {
		handle(s)
	}
	panicked = false
}
