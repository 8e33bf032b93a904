package safe

import (
	"net/http"
	"sync"
)

var headerPool = sync.Pool{New: func() any { return make(map[string]string) }}

func Handler(w http.ResponseWriter, r *http.Request) {
	m := headerPool.Get().(map[string]string)
	for k, v := range r.Header {
		m[k] = v[0]
	}
	w.WriteHeader(len(m))
	for k := range m {
		delete(m, k)
	}
	headerPool.Put(m)
}

// Values come from a getter helper and go back through a releaser.
type msg struct{ body []byte }

var msgs = sync.Pool{New: func() any { return &msg{} }}

func getMsg() *msg { return msgs.Get().(*msg) }

func putMsg(m *msg) {
	m.body = m.body[:0]
	msgs.Put(m)
}

func Echo(p []byte) int {
	m := getMsg()
	m.body = append(m.body, p...)
	n := len(m.body)
	putMsg(m)
	return n
}

// Warming a pool at start-up with fresh values is deliberate.
func init() {
	for i := 0; i < 4; i++ {
		msgs.Put(&msg{body: make([]byte, 0, 512)})
	}
}
