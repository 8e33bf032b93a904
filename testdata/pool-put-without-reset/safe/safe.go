package safe

import (
	"bytes"
	"net/http"
	"sync"
)

var attrPool = sync.Pool{New: func() any { return make(map[string]string, 8) }}

func withAttrs(w http.ResponseWriter, r *http.Request, next func(map[string]string)) {
	attrs := attrPool.Get().(map[string]string)
	defer func() {
		clear(attrs)
		attrPool.Put(attrs)
	}()
	attrs["user"] = r.Header.Get("X-User")
	next(attrs)
}

var legacy = sync.Pool{New: func() any { return make(map[string]int) }}

func tally(words []string) int {
	m := legacy.Get().(map[string]int)
	for _, w := range words {
		m[w]++
	}
	n := len(m)
	for k := range m {
		delete(m, k)
	}
	legacy.Put(m)
	return n
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func render(w http.ResponseWriter, body string) {
	buf := bufPool.Get().(*bytes.Buffer)
	defer bufPool.Put(buf)
	buf.Reset()
	buf.WriteString(body)
	w.Write(buf.Bytes())
}

// Every Get resets the buffer, so Puts need not.
var lines = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func getLine() *bytes.Buffer {
	b := lines.Get().(*bytes.Buffer)
	b.Reset()
	return b
}

func logLine(msg string, out func([]byte)) {
	b := getLine()
	b.WriteString(msg)
	out(b.Bytes())
	lines.Put(b)
}

// Truncated slices go back.
var scratch = sync.Pool{New: func() any { s := make([]byte, 0, 512); return &s }}

func encode(v string, out func([]byte)) {
	bp := scratch.Get().(*[]byte)
	b := append((*bp)[:0], v...)
	out(b)
	*bp = b[:0]
	scratch.Put(bp)
}

// A value handed over by the caller: the caller's business.
func release(b *bytes.Buffer) {
	bufPool.Put(b)
}

// Nothing written since Get: nothing stale to leak.
func peek() int {
	buf := bufPool.Get().(*bytes.Buffer)
	n := buf.Cap()
	bufPool.Put(buf)
	return n
}

// A fixed-length scratch buffer that every use reads into: nothing is left behind.
var copyBufs = sync.Pool{New: func() any { b := make([]byte, 32*1024); return &b }}

func drain(r interface{ Read([]byte) (int, error) }) (n int64) {
	bp := copyBufs.Get().(*[]byte)
	defer copyBufs.Put(bp)
	for {
		k, err := r.Read(*bp)
		n += int64(k)
		if err != nil {
			return n
		}
	}
}
