// A worker pool whose workers receive the WaitGroup by value.
package crawler

import "sync"

type Job struct{ URL string }

func worker(id int, jobs <-chan Job, wg sync.WaitGroup, fetch func(int, Job)) { // want "parameter wg of worker is a sync.WaitGroup passed by value"
	defer wg.Done()
	for j := range jobs {
		fetch(id, j)
	}
}

func Run(jobs <-chan Job, n int, fetch func(int, Job)) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go worker(i, jobs, wg, fetch) // reported once, at the parameter
	}
	wg.Wait()
}

// Group holds the counter by value and hands out copies of it.
type Group struct {
	wg *sync.WaitGroup
}

// Trace hands a copy of the counter to a logger.
func (g *Group) Trace(log func(...interface{})) {
	log("waiting", *g.wg) // want "call of log passes a sync.WaitGroup by value"
}

func (g *Group) Snapshot() sync.WaitGroup {
	return *g.wg // want "return copies a sync.WaitGroup"
}
