package handler

import (
	"net/http"
	"sync"
)

// ❌ 误用:每次请求新建并立即 Put,对象未跨 goroutine 复用
func handler(w http.ResponseWriter, r *http.Request) {
	m := make(map[string][]string) // 每次分配新 map
	for k, v := range r.Header {
		m[k] = v
	}
	headerPool.Put(m) // 高频 Put → shared 队列堆积 → GC 前需扫描大量待回收指针 // want `put into headerPool, which nothing in this package ever takes from` `m goes back to headerPool without being cleared`
}

var headerPool = sync.Pool{New: func() interface{} { return make(map[string][]string) }}
