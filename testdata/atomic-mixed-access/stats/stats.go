package stats

import (
	"net/http"
	"sync/atomic"
)

type Stats struct {
	requests uint64
	errors   uint64
}

type Handler struct {
	stats Stats
	next  http.Handler
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	atomic.AddUint64(&h.stats.requests, 1)
	if r.Method != http.MethodGet {
		atomic.AddUint64(&h.stats.errors, 1)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	h.next.ServeHTTP(w, r)
}

// Snapshot is served on /debug/stats while requests are counted.
func (h *Handler) Snapshot() (requests, errors uint64) {
	return h.stats.requests, atomic.LoadUint64(&h.stats.errors) // want `h.stats.requests is read here with a plain load, .* updates it atomically \(atomic.AddUint64\)`
}

// Reset zeroes the error counter with a plain store.
func (h *Handler) Reset() {
	h.stats.errors = 0 // want `h.stats.errors is written here with a plain store`
}
