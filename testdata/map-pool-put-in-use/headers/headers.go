// Package headers logs request headers asynchronously using pooled scratch maps.
package headers

import (
	"log"
	"net/http"
	"sync"
)

var scratch = sync.Pool{New: func() any { return make(map[string]string, 16) }}

func logHeaders(w http.ResponseWriter, r *http.Request) {
	m := scratch.Get().(map[string]string)
	for k, v := range r.Header {
		m[k] = v[0]
	}
	go func() {
		for k, v := range m {
			log.Printf("%s: %s", k, v)
		}
	}()
	for k := range m {
		delete(m, k)
	}
	scratch.Put(m) // want `m is returned to the pool while the goroutine started at line 17 may still use it`
	w.WriteHeader(http.StatusNoContent)
}

func Register(mux *http.ServeMux) { mux.HandleFunc("/log", logHeaders) }
