package safe

import (
	"bytes"
	"sync"
)

var bufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func render(parts []string) string {
	buf := bufs.Get().(*bytes.Buffer)
	defer bufs.Put(buf)
	buf.Reset()
	for _, p := range parts {
		buf.WriteString(p)
	}
	return buf.String()
}

func copyOut(parts []string) []byte {
	buf := bufs.Get().(*bytes.Buffer)
	buf.Reset()
	for _, p := range parts {
		buf.WriteString(p)
	}
	out := bytes.Clone(buf.Bytes())
	s := buf.String()
	bufs.Put(buf)
	_ = s
	return out
}

// Early return after the Put, then a new value.
func process(items []string, emit func([]byte)) {
	for _, it := range items {
		buf := bufs.Get().(*bytes.Buffer)
		buf.Reset()
		buf.WriteString(it)
		if buf.Len() > 1024 {
			bufs.Put(buf)
			continue
		}
		emit(buf.Bytes())
		bufs.Put(buf)
	}
}

// The variable gets a fresh value after the Put.
func twice(a, b string) (string, string) {
	buf := bufs.Get().(*bytes.Buffer)
	buf.Reset()
	buf.WriteString(a)
	x := buf.String()
	bufs.Put(buf)
	buf = bufs.Get().(*bytes.Buffer)
	buf.Reset()
	buf.WriteString(b)
	y := buf.String()
	bufs.Put(buf)
	return x, y
}

// Only the variable is inspected, not the pooled memory.
func putIfSet(buf *bytes.Buffer) bool {
	bufs.Put(buf)
	return buf != nil
}
