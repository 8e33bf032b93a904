package middleware

import (
	"net/http"
	"sync"
)

// Request-scoped attributes collected by the middleware chain.
var attrPool = sync.Pool{New: func() any { return make(map[string]string, 8) }}

func WithAttrs(next func(http.ResponseWriter, *http.Request, map[string]string)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		attrs := attrPool.Get().(map[string]string)
		attrs["user"] = r.Header.Get("X-User")
		attrs["tenant"] = r.Header.Get("X-Tenant")
		next(w, r, attrs)
		attrPool.Put(attrs) // want `attrs goes back to attrPool without being cleared: the next Get, in any goroutine, sees the entries written here`
	}
}

// seed 004 §3.3: a map taken from the pool, written, put back as is
var counters = sync.Pool{New: func() any { return make(map[string]int) }}

func countWords(words []string) int {
	m := counters.Get().(map[string]int)
	defer counters.Put(m) // want `m goes back to counters without being cleared`
	for _, w := range words {
		m[w]++
	}
	return len(m)
}
