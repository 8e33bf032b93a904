// Package workerpool runs N workers that record their results in a map of the pool.
package workerpool

import "sync"

type Job struct {
	ID   int
	Data string
}

type Pool struct {
	jobs    chan Job
	wg      sync.WaitGroup
	results map[int]int
	errors  map[int]error
	mu      sync.Mutex
}

func New(workers int) *Pool {
	p := &Pool{jobs: make(chan Job), results: map[int]int{}, errors: map[int]error{}}
	for i := 0; i < workers; i++ {
		p.wg.Add(1)
		go p.work()
	}
	return p
}

func (p *Pool) work() {
	defer p.wg.Done()
	for j := range p.jobs {
		n, err := process(j)
		if err != nil {
			p.mu.Lock()
			p.errors[j.ID] = err // guarded: silent
			p.mu.Unlock()
			continue
		}
		p.results[j.ID] = n // want `concurrent map writes: p.results is written by goroutines that run at the same time`
	}
}

func process(j Job) (int, error) { return len(j.Data), nil }

func (p *Pool) Submit(j Job) { p.jobs <- j }

// Close waits for the workers; reading results afterwards is safe.
func (p *Pool) Close() map[int]int {
	close(p.jobs)
	p.wg.Wait()
	return p.results
}
