// Package perrequest builds its maps inside each request: every handler call has its own.
package perrequest

import (
	"encoding/json"
	"net/http"
	"strings"
)

type wordStats struct {
	counts map[string]int
	total  int
}

func newWordStats() *wordStats {
	return &wordStats{counts: make(map[string]int)}
}

func (s *wordStats) add(text string) {
	for _, w := range strings.Fields(text) {
		s.counts[strings.ToLower(w)]++ // the receiver was made by this request
		s.total++
	}
}

// analyze is called by several handlers; its maps are local to the call.
func analyze(texts []string) (*wordStats, map[string][]int) {
	stats := newWordStats()
	where := map[string][]int{}
	for i, t := range texts {
		stats.add(t)
		for _, w := range strings.Fields(t) {
			where[w] = append(where[w], i)
		}
	}
	return stats, where
}

func handleStats(w http.ResponseWriter, r *http.Request) {
	stats, _ := analyze(r.Form["text"])
	_ = json.NewEncoder(w).Encode(stats.counts)
}

func handleIndex(w http.ResponseWriter, r *http.Request) {
	_, where := analyze(r.Form["text"])
	_ = json.NewEncoder(w).Encode(where)
}

func Routes(mux *http.ServeMux) {
	mux.HandleFunc("/stats", handleStats)
	mux.HandleFunc("/index", handleIndex)
}

// handleTag writes the request's own header map: every request has its own.
func handleTag(w http.ResponseWriter, r *http.Request) {
	r.Header["X-Seen"] = []string{"1"}
	h := w.Header()
	h["Cache-Control"] = []string{"no-store"}
	w.WriteHeader(http.StatusNoContent)
}

func init() { http.HandleFunc("/tag", handleTag) }
