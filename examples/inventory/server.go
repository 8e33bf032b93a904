// Package inventory is a small HTTP service with the concurrency hazards gohazard finds.
// Scan it with: gohazard scan ./examples/...
package inventory

import (
	"encoding/json"
	"net/http"
	"sync"
	"time"
)

// Server keeps stock levels in memory.
type Server struct {
	mu      sync.RWMutex
	stock   map[string]int // guarded by mu
	visits  map[string]int // not guarded: written by every request
	started time.Time
}

func NewServer() *Server {
	s := &Server{stock: map[string]int{}, visits: map[string]int{}, started: time.Now()}
	s.stock["apple"] = 10 // built before any goroutine starts: fine
	return s
}

func (s *Server) Routes(mux *http.ServeMux) {
	mux.HandleFunc("/stock", s.handleStock)
	mux.HandleFunc("/buy", s.handleBuy)
}

func (s *Server) handleStock(w http.ResponseWriter, r *http.Request) {
	s.visits[r.URL.Path]++ // every request writes the same map, without a lock

	s.mu.RLock()
	defer s.mu.RUnlock()
	json.NewEncoder(w).Encode(s.stock)
}

func (s *Server) handleBuy(w http.ResponseWriter, r *http.Request) {
	item := r.FormValue("item")
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.stock[item] == 0 {
		http.Error(w, "sold out", http.StatusConflict)
		return
	}
	s.stock[item]-- // a write under the read lock: buyers run at the same time
}

// Restock applies deliveries in the background.
func (s *Server) Restock(deliveries <-chan map[string]int) {
	go func() {
		for d := range deliveries {
			s.mu.Lock()
			for item, n := range d {
				s.stock[item] += n
			}
			s.mu.Unlock()
		}
	}()
}
