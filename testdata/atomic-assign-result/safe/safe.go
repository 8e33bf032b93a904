package safe

import "sync/atomic"

var requests int64

type Pool struct {
	active int32
	peak   int32
	max    int32
}

// Using the result of the add as a value is the intended use.
func (p *Pool) Acquire() bool {
	n := atomic.AddInt32(&p.active, 1)
	if n > p.max {
		atomic.AddInt32(&p.active, -1)
		return false
	}
	for {
		old := atomic.LoadInt32(&p.peak)
		if n <= old || atomic.CompareAndSwapInt32(&p.peak, old, n) {
			return true
		}
	}
}

func Hit() int64 {
	atomic.AddInt64(&requests, 1)
	return atomic.LoadInt64(&requests)
}

// The result goes to another variable: a request id taken from a shared sequence.
var seq uint64

type Request struct{ ID uint64 }

func NewRequest() *Request {
	r := &Request{}
	r.ID = atomic.AddUint64(&seq, 1)
	return r
}
