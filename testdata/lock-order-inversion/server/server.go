// A chat server: the room list and each room have their own lock; a helper hides the second one.
package server

import "sync"

type Room struct {
	mu      sync.Mutex
	members map[string]bool
}

type Server struct {
	mu    sync.RWMutex
	rooms map[string]*Room
}

func (r *Room) join(name string) {
	r.mu.Lock()
	r.members[name] = true
	r.mu.Unlock()
}

// Join holds the server lock while the room locks itself in join.
func (s *Server) Join(room, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.rooms[room]
	if !ok {
		r = &Room{members: map[string]bool{}}
		s.rooms[room] = r
	}
	r.join(name) // want `r\.mu is locked while holding s\.mu, but \(\*Room\)\.closeIfEmpty locks them in the opposite order \(s\.mu while holding r\.mu, line 41\)`
}

// closeIfEmpty holds the room lock and removes the room from the server.
func (r *Room) closeIfEmpty(s *Server, name string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.members) > 0 {
		return
	}
	s.mu.Lock()
	delete(s.rooms, name)
	s.mu.Unlock()
}
