// A worker pool draining a job queue; the queue is guarded by a mutex.
package workers

import "sync"

type Job struct {
	ID   int
	Skip bool
}

type Pool struct {
	mu      sync.Mutex
	queue   []Job
	done    map[int]bool
	results chan int
}

// next pops a job; the skip path continues without unlocking.
func (p *Pool) drain() {
	for {
		p.mu.Lock()
		if len(p.queue) == 0 {
			p.mu.Unlock()
			return
		}
		job := p.queue[0]
		p.queue = p.queue[1:]
		if job.Skip {
			continue // want `continues with p\.mu still locked \(locked at line 21\): the next iteration locks it again and blocks forever`
		}
		p.done[job.ID] = true
		p.mu.Unlock()
		p.results <- job.ID
	}
}

// drainSafely unlocks before continuing.
func (p *Pool) drainSafely() {
	for {
		p.mu.Lock()
		if len(p.queue) == 0 {
			p.mu.Unlock()
			return
		}
		job := p.queue[0]
		p.queue = p.queue[1:]
		if job.Skip {
			p.mu.Unlock()
			continue
		}
		p.done[job.ID] = true
		p.mu.Unlock()
		p.results <- job.ID
	}
}

func (p *Pool) Run(n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.drain()
			p.drainSafely()
		}()
	}
	wg.Wait()
}
