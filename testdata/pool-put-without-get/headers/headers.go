package headers

import (
	"net/http"
	"sync"
)

// "Use sync.Pool for short-lived objects": a map per request, then Put.
var headerPool = sync.Pool{New: func() any { return make(map[string]string) }}

func Handler(w http.ResponseWriter, r *http.Request) {
	m := make(map[string]string)
	for k, v := range r.Header {
		m[k] = v[0]
	}
	w.Header().Set("X-Count", http.StatusText(len(m)))
	headerPool.Put(m) // want `m is made here on every call and put into headerPool, which nothing in this package ever takes from`
}

// A pool that is read elsewhere, but not where the values are made.
var bufs = sync.Pool{New: func() any { return new([]byte) }}

func Encode(s string) []byte {
	b := make([]byte, 0, len(s))
	b = append(b, s...)
	out := append([]byte(nil), b...)
	bufs.Put(&b) // want `b is made here on every call and put into bufs, but this function never takes anything from bufs|&b`
	return out
}

func Decode(s string) int {
	bp := bufs.Get().(*[]byte)
	*bp = append((*bp)[:0], s...)
	n := len(*bp)
	bufs.Put(bp)
	return n
}
