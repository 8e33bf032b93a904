package deadlock

import "sync"

// The WaitGroup is waited for before anything receives: each sender blocks on its send and
// never reaches Done, and the Wait never returns.
func fetchAll(urls []string, get func(string) string) []string {
	var wg sync.WaitGroup
	results := make(chan string)
	for _, u := range urls {
		wg.Add(1)
		go func(u string) {
			defer wg.Done()
			results <- get(u)
		}(u)
	}
	wg.Wait() // want "deadlock: wg.Wait\\(\\) waits for goroutines that are blocked sending on results, and nothing receives from results until the Wait returns"
	close(results)
	var out []string
	for r := range results {
		out = append(out, r)
	}
	return out
}

// The same with a named worker that is handed the WaitGroup.
func sizes(paths []string, stat func(string) int64) int64 {
	var wg sync.WaitGroup
	ch := make(chan int64)
	for _, p := range paths {
		wg.Add(1)
		go measure(&wg, p, stat, ch)
	}
	wg.Wait() // want "deadlock: wg.Wait\\(\\) waits for goroutines that are blocked sending on ch"
	close(ch)
	var total int64
	for n := range ch {
		total += n
	}
	return total
}

func measure(wg *sync.WaitGroup, p string, stat func(string) int64, out chan<- int64) {
	defer wg.Done()
	out <- stat(p)
}
