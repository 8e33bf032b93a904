package safe

import (
	"bytes"
	"strconv"
	"sync"
)

var scratch = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

func AppendInts(dst []byte, vs []int) []byte {
	bp := scratch.Get().(*[]byte)
	b := (*bp)[:0]
	for _, v := range vs {
		b = strconv.AppendInt(b, int64(v), 10)
	}
	dst = append(dst, b...)
	*bp = b
	scratch.Put(bp)
	return dst
}

var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func Render(s string) string {
	b := buffers.Get().(*bytes.Buffer)
	b.Reset()
	b.WriteString(s)
	out := b.String()
	buffers.Put(b)
	return out
}

// Maps are pointer-shaped: no allocation on Put.
var sets = sync.Pool{New: func() any { return map[string]struct{}{} }}

func Dedup(in []string) int {
	m := sets.Get().(map[string]struct{})
	for _, s := range in {
		m[s] = struct{}{}
	}
	n := len(m)
	for k := range m {
		delete(m, k)
	}
	sets.Put(m)
	return n
}
