package collect

import "sync"

type Item struct{ ID int }

// Squares appends from every goroutine to one slice.
func Squares(n int) []int {
	var out []int
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			out = append(out, i*i) // want `data race: goroutines that run at the same time append to out`
		}(i)
	}
	wg.Wait()
	return out
}

type Crawler struct {
	seen []string
}

// Crawl appends to a struct field from worker goroutines.
func (c *Crawler) Crawl(urls []string, fetch func(string) bool) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func(u string) {
			defer wg.Done()
			if fetch(u) {
				c.seen = append(c.seen, u) // want `data race: goroutines that run at the same time append to Crawler.seen`
			}
		}(u)
	}
	wg.Wait()
}
