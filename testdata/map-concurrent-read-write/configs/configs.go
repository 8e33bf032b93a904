// Package configs holds settings that are written only before any goroutine can read
// them, or under a lock.
package configs

import (
	"net/http"
	"sync"
)

// limits is populated by init, before main and before any handler runs.
var limits = map[string]int{}

func init() {
	limits["upload"] = 10 << 20
	limits["form"] = 1 << 20
}

func handleUpload(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, int64(limits["upload"]))
	w.WriteHeader(http.StatusAccepted)
}

type Settings struct {
	mu     sync.RWMutex
	values map[string]string
}

func (s *Settings) Watch(updates <-chan map[string]string) {
	go func() {
		for u := range updates {
			s.mu.Lock()
			for k, v := range u {
				s.values[k] = v
			}
			s.mu.Unlock()
		}
	}()
}

// Get reads through a local alias taken under the read lock.
func (s *Settings) Get(key string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	vals := s.values
	return vals[key]
}

// Snapshot copies the map under the read lock with a helper that expects it held.
func (s *Settings) Snapshot() map[string]string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.copyLocked()
}

func (s *Settings) copyLocked() map[string]string {
	out := make(map[string]string, len(s.values))
	for k, v := range s.values {
		out[k] = v
	}
	return out
}

// Server builds its routes before serving; handlers only read them afterwards.
type Server struct {
	routes map[string]string
}

func NewServer(static map[string]string) *Server {
	s := &Server{routes: make(map[string]string)}
	for k, v := range static {
		s.routes[k] = v
	}
	return s
}

func (s *Server) handleRedirect(w http.ResponseWriter, r *http.Request) {
	if to, ok := s.routes[r.URL.Path]; ok {
		http.Redirect(w, r, to, http.StatusFound)
		return
	}
	http.NotFound(w, r)
}

func (s *Server) Routes(mux *http.ServeMux) {
	mux.HandleFunc("/upload", handleUpload)
	mux.HandleFunc("/", s.handleRedirect)
}
