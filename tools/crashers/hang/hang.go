// Package hang holds a worker pool whose test hangs: the jobs channel is never closed.
package hang

import "sync"

// Worker drains jobs until the channel is closed.
func Worker(jobs <-chan int, wg *sync.WaitGroup) {
	defer wg.Done()
	for j := range jobs {
		_ = j
	}
}
