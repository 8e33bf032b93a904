// Waits that synchronise, and loops that only look like spins.
package spin

import (
	"runtime"
	"sync/atomic"
)

type Server struct {
	started atomic.Bool
	state   int32
	done    chan struct{}
	buf     []byte
	n       int
}

func (s *Server) Run() {
	go func() {
		s.n = 0
		s.started.Store(true)
		atomic.StoreInt32(&s.state, 1)
		close(s.done)
	}()
}

// Atomic loads are calls: the loop synchronises with the writer.
func (s *Server) WaitStarted() {
	for !s.started.Load() {
		runtime.Gosched()
	}
	for atomic.LoadInt32(&s.state) == 0 {
	}
}

// Blocking on a channel.
func (s *Server) Wait() { <-s.done }

// A counting loop changes what it tests.
func (s *Server) Clear() {
	for i := 0; i < s.n; i++ {
		s.buf[i] = 0
	}
	j := 0
	for j < s.n {
		s.buf[j] = 1
		j++
	}
}

// A long call-free loop is preempted asynchronously since Go 1.14: silent with go 1.21.
func Checksum(data []byte) uint32 {
	var h uint32
	for i := 0; i < 100000000; i++ {
		h = h*31 + uint32(data[i%len(data)])
	}
	return h
}

// Nothing else writes the flag: a plain loop over local state.
func Skip(b []byte) int {
	i := 0
	for {
		if i >= len(b) || b[i] != ' ' {
			break
		}
		i++
	}
	return i
}
