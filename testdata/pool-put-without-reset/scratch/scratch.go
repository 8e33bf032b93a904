package scratch

import "sync"

// Batches of ids per flush, pooled as *[]int64.
var batches = sync.Pool{New: func() any { s := make([]int64, 0, 256); return &s }}

func flush(ids []int64, send func([]int64)) {
	bp := batches.Get().(*[]int64)
	b := *bp
	for _, id := range ids {
		if id > 0 {
			b = append(b, id)
		}
	}
	send(b)
	*bp = b
	batches.Put(bp) // want `bp goes back to batches with its length: the next Get sees the elements written here unless it truncates the slice`
}

// A fresh map filled per call and handed to the pool (seed S002-5): it carries the headers too.
var headerPool = sync.Pool{New: func() any { return make(map[string][]string) }}

func snapshot(h map[string][]string) {
	m := make(map[string][]string)
	for k, v := range h {
		m[k] = v
	}
	headerPool.Put(m) // want `m goes back to headerPool without being cleared`
}
