package server

import (
	"errors"
	"net"
)

type Server struct {
	ln   net.Listener
	quit chan struct{}
	done chan struct{}
}

// The deferred close runs at return, after the error path has already closed done.
func (s *Server) serve(handle func(net.Conn) error) {
	defer close(s.done) // want "deferred close of s.done runs when Server.serve returns, after s.done was already closed at line 23"
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			return
		}
		if err := handle(conn); err != nil {
			close(s.done)
			return
		}
	}
}

// Both conditions can hold: the second close panics.
func (s *Server) Stop(drain bool, failed bool) {
	if drain {
		close(s.quit)
	}
	if failed {
		close(s.quit) // want "s.quit may already be closed at line 32, and closing it again panics"
	}
}

// A close on every iteration of the loop.
func broadcast(listeners []func(), stop chan struct{}) {
	for _, l := range listeners {
		l()
		close(stop) // want "this close of stop runs again on the next iteration of the loop and panics"
	}
}

var errBusy = errors.New("busy")

// A close on the error path, and again at the end.
func finish(results chan<- int, vals []int) error {
	for _, v := range vals {
		if v < 0 {
			close(results)
			break
		}
		results <- v
	}
	close(results) // want "results may already be closed at line 53"
	return errBusy
}
