package stats

import "sync"

type Stats struct {
	Requests int
	Errors   int
}

// Serve counts requests from every worker without a lock.
func Serve(reqs []string, handle func(string) error) Stats {
	var st Stats
	var wg sync.WaitGroup
	for _, r := range reqs {
		wg.Add(1)
		go func(r string) {
			defer wg.Done()
			st.Requests++ // want `data race: Stats.Requests is written by goroutines that run at the same time`
			if handle(r) != nil {
				st.Errors++ // want `data race: Stats.Errors is written by goroutines that run at the same time`
			}
		}(r)
	}
	wg.Wait()
	return st
}

// Total sums into a captured variable from every goroutine.
func Total(parts [][]int) int {
	total := 0
	var wg sync.WaitGroup
	for _, p := range parts {
		wg.Add(1)
		go func(p []int) {
			defer wg.Done()
			for _, v := range p {
				total += v // want `data race: total is written by goroutines that run at the same time`
			}
		}(p)
	}
	wg.Wait()
	return total
}
