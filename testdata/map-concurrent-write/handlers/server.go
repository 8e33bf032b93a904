// Package handlers counts requests per path in a field of the server struct; its
// methods are registered as HTTP handlers, so every request runs them concurrently.
package handlers

import (
	"fmt"
	"net/http"
)

type Server struct {
	hits   map[string]int
	banned map[string]bool
}

func NewServer() *Server {
	s := &Server{hits: map[string]int{}, banned: map[string]bool{}}
	s.banned["127.0.0.2"] = true // before the handlers are registered: not shared yet
	return s
}

func (s *Server) handleIndex(w http.ResponseWriter, r *http.Request) {
	s.hits[r.URL.Path]++ // want `concurrent map writes: s.hits is (written by goroutines|also written)`
	fmt.Fprintln(w, "hello")
}

func (s *Server) handleBan(w http.ResponseWriter, r *http.Request) {
	s.banned[r.FormValue("ip")] = true // want `concurrent map writes: s.banned is written by goroutines`
	s.hits["/ban"]++                   // want `concurrent map writes: s.hits is written by goroutines`
}

func (s *Server) Mux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/", s.handleIndex)
	mux.HandleFunc("/ban", s.handleBan)
	return mux
}
