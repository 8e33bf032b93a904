package render

import (
	"bytes"
	"sync"
	"text/template"
)

var bufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Page renders into a pooled buffer and returns a slice of it after giving the buffer back:
// the next request's Get overwrites the bytes the caller is still sending.
func Page(t *template.Template, data any) ([]byte, error) {
	buf := bufs.Get().(*bytes.Buffer)
	buf.Reset()
	if err := t.Execute(buf, data); err != nil {
		bufs.Put(buf)
		return nil, err
	}
	out := buf.Bytes()
	bufs.Put(buf)
	return out, nil // want `out still points into the memory of buf \(from buf.Bytes\(\)\), which went back to bufs at line 21`
}

// Size reads the buffer after putting it back.
func Size(t *template.Template, data any) int {
	buf := bufs.Get().(*bytes.Buffer)
	buf.Reset()
	_ = t.Execute(buf, data)
	bufs.Put(buf)
	return buf.Len() // want `buf is used after it went back to bufs at line 30: another goroutine may already have it from Get`
}
