package render

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// JSON writes v with a pooled buffer. The buffer is never Reset: the second response starts
// with the first one's bytes.
func JSON(w http.ResponseWriter, v any) error {
	buf := bufPool.Get().(*bytes.Buffer)
	if err := json.NewEncoder(buf).Encode(v); err != nil {
		bufPool.Put(buf) // want `buf goes back to bufPool without Reset: the next Get appends after the bytes written here`
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	_, err := w.Write(buf.Bytes())
	bufPool.Put(buf) // want `buf goes back to bufPool without Reset`
	return err
}

var builders = sync.Pool{New: func() any { return new(strings.Builder) }}

func joinLines(lines []string) string {
	sb := builders.Get().(*strings.Builder)
	for _, l := range lines {
		sb.WriteString(l)
		sb.WriteByte('\n')
	}
	s := sb.String()
	builders.Put(sb) // want `sb goes back to builders without Reset`
	return s
}
