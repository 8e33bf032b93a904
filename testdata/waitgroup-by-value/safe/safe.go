// WaitGroups passed by pointer or captured; a struct holding one is lock-copied's.
package safe

import "sync"

type Job struct{ URL string }

func worker(jobs <-chan Job, wg *sync.WaitGroup, fetch func(Job)) {
	defer wg.Done()
	for j := range jobs {
		fetch(j)
	}
}

func Run(jobs <-chan Job, n int, fetch func(Job)) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go worker(jobs, &wg, fetch)
	}
	wg.Wait()
}

type Server struct {
	wg    sync.WaitGroup
	conns int
}

// Stats copies the whole server (reported by lock-copied, not here).
func (s Server) Stats() int { return s.conns }

func NewGroup() *sync.WaitGroup {
	var wg sync.WaitGroup
	return &wg
}
