// HTTP handlers reading shared state under a read lock.
package handlers

import (
	"encoding/json"
	"net/http"
	"sync"
)

type Store struct {
	mu       sync.RWMutex
	users    map[string]string
	disabled bool
}

func (s *Store) ServeUser(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("id")
	s.mu.RLock()
	if s.disabled {
		http.Error(w, "disabled", http.StatusServiceUnavailable)
		return // want `returns with s\.mu still read-locked \(locked at line 18; unlocked at line 28 on the other paths\): the read lock is never released, so the next s\.mu\.Lock\(\) blocks forever`
	}
	name, ok := s.users[id]
	if !ok {
		http.NotFound(w, r)
		return // want `returns with s\.mu still read-locked`
	}
	s.mu.RUnlock()
	json.NewEncoder(w).Encode(map[string]string{"id": id, "name": name})
}

func (s *Store) Disable(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.disabled = true
	s.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

// ServeAll unlocks on both paths.
func (s *Store) ServeAll(w http.ResponseWriter, r *http.Request) {
	s.mu.RLock()
	if s.disabled {
		s.mu.RUnlock()
		http.Error(w, "disabled", http.StatusServiceUnavailable)
		return
	}
	out := make(map[string]string, len(s.users))
	for k, v := range s.users {
		out[k] = v
	}
	s.mu.RUnlock()
	json.NewEncoder(w).Encode(out)
}
