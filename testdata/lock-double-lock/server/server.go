// A TCP server with Start/Stop: Stop holds the lock and calls helpers that take it too.
package server

import (
	"net"
	"sync"
)

type Server struct {
	mu       sync.RWMutex
	ln       net.Listener
	conns    map[net.Conn]struct{}
	shutdown bool
}

func (s *Server) Start(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.ln = ln
	s.conns = make(map[net.Conn]struct{})
	s.mu.Unlock()
	go s.serve()
	return nil
}

func (s *Server) serve() {
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.track(c)
	}
}

func (s *Server) track(c net.Conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.conns[c] = struct{}{}
}

func (s *Server) closeConn(c net.Conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.conns, c)
	c.Close()
}

func (s *Server) closeAll() {
	for c := range s.conns {
		s.closeConn(c)
	}
}

// Stop reaches closeConn's Lock through closeAll.
func (s *Server) Stop() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.shutdown = true
	s.closeAll() // want `\(\*Server\)\.closeAll\(\) locks s\.mu again \(line 46\)`
	return s.ln.Close()
}

// Stats holds the read lock and asks for the write lock through reset.
func (s *Server) Stats() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.shutdown {
		s.reset() // want `\(\*Server\)\.reset\(\) takes the write lock s\.mu \(line 78\) while this goroutine holds its read lock \(RLock at line 69\)`
	}
	return len(s.conns)
}

func (s *Server) reset() {
	s.mu.Lock()
	s.conns = map[net.Conn]struct{}{}
	s.mu.Unlock()
}
