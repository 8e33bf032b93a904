package crawler

import (
	"log"
	"net/http"
	"sync"
)

type Result struct {
	URL    string
	Status int
}

// FetchAll starts one goroutine per URL; before Go 1.22 they all share u.
func FetchAll(client *http.Client, urls []string) []Result {
	results := make([]Result, len(urls))
	var wg sync.WaitGroup
	for i, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := client.Get(u) // want `loop variable u captured by a goroutine: before Go 1.22 all iterations share one u`
			if err != nil {
				log.Printf("fetch %s: %v", u, err)
				return
			}
			resp.Body.Close()
			results[i] = Result{URL: u, Status: resp.StatusCode} // want `loop variable i captured by a goroutine`
		}()
	}
	wg.Wait()
	return results
}

// Workers with a classic three-clause loop.
func StartWorkers(n int, jobs <-chan string, handle func(id int, job string)) {
	for id := 0; id < n; id++ {
		go func() {
			for j := range jobs {
				handle(id, j) // want `loop variable id captured by a goroutine`
			}
		}()
	}
}

type Conn struct{ name string }

func (c *Conn) Close() error { return nil }

// CloseAll defers a closure per connection: every deferred call sees the last c.
func CloseAll(conns []*Conn) {
	for _, c := range conns {
		defer func() {
			if err := c.Close(); err != nil { // want `loop variable c captured by a deferred closure`
				log.Print(err)
			}
		}()
	}
}

// Safe: the variable is copied per iteration.
func FetchAllCopied(client *http.Client, urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		u := u
		wg.Add(1)
		go func() {
			defer wg.Done()
			if resp, err := client.Get(u); err == nil {
				resp.Body.Close()
			}
		}()
	}
	wg.Wait()
}

// Safe: the variable is passed as an argument.
func FetchAllArg(client *http.Client, urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func(u string) {
			defer wg.Done()
			if resp, err := client.Get(u); err == nil {
				resp.Body.Close()
			}
		}(u)
	}
	wg.Wait()
}

// Safe: each goroutine is waited for before the next iteration.
func FetchSequential(client *http.Client, urls []string) {
	for _, u := range urls {
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			if resp, err := client.Get(u); err == nil {
				resp.Body.Close()
			}
		}()
		wg.Wait()
	}
}

// Safe: the loop returns right after starting the goroutine.
func FirstReachable(urls []string, probe func(string) bool, found chan<- string) {
	for _, u := range urls {
		if probe(u) {
			go func() { found <- u }()
			return
		}
	}
}

// Safe: each shard's workers are all received from before the next shard starts.
func HammerShards(shards [][]string, workers int, put func(shard []string, worker int)) {
	for _, shard := range shards {
		done := make(chan int)
		for w := 0; w < workers; w++ {
			w := w
			go func() {
				put(shard, w)
				done <- 1
			}()
		}
		for w := 0; w < workers; w++ {
			<-done
		}
	}
}

// Safe: the inner loop's goroutines are waited for at the end of each outer iteration.
func Rebalance(pools [][]int, move func(pool []int, i int)) {
	for _, pool := range pools {
		var wg sync.WaitGroup
		for i := 0; i < 2; i++ {
			i := i
			wg.Add(1)
			go func() {
				defer wg.Done()
				move(pool, i)
			}()
		}
		wg.Wait()
	}
}
