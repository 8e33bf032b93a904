// A worker pool whose start-up and shutdown wait on plain flags set by other goroutines.
package spin

import (
	"sync/atomic"
)

type Pool struct {
	ready   bool
	stopped bool
	jobs    chan func()
	running int32
}

func (p *Pool) Start(n int) {
	go func() {
		for i := 0; i < n; i++ {
			go p.work()
		}
		p.ready = true
	}()
}

func (p *Pool) work() {
	atomic.AddInt32(&p.running, 1)
	for job := range p.jobs {
		job()
	}
	p.stopped = true
}

// WaitReady spins on a plain field the starter goroutine sets.
func (p *Pool) WaitReady() {
	for !p.ready { // want `busy wait on p\.ready, a plain variable written by another goroutine \(line 20\): without synchronisation this loop may never see the write`
	}
}

// Drain spins until a worker reports it has stopped.
func (p *Pool) Drain() int {
	spins := 0
	for {
		if p.stopped { // want `busy wait on p\.stopped, a plain variable written by another goroutine`
			break
		}
		spins++
	}
	return spins
}

var shutdown bool

func Serve(handle func()) {
	go func() {
		for !shutdown { // want `busy wait on shutdown, a plain variable written by another goroutine \(line 61\)`
		}
		handle()
	}()
}

func Shutdown() {
	shutdown = true
}

// A local flag captured by the goroutine that sets it.
func Compute(f func() int) int {
	done := false
	result := 0
	go func() {
		result = f()
		done = true
	}()
	for !done { // want `busy wait on done, a plain variable written by another goroutine`
	}
	return result
}
