package metrics

import "sync/atomic"

var requests int64

// Hit counts a request; the plain store of the result loses concurrent hits.
func Hit() {
	requests = atomic.AddInt64(&requests, 1) // want `direct assignment to atomic value: requests is updated by atomic.AddInt64 and then overwritten by a plain store`
}

type Server struct {
	inflight int32
	bytesOut uint64
}

func (s *Server) begin() {
	s.inflight = atomic.AddInt32(&s.inflight, 1) // want `s.inflight is updated by atomic.AddInt32`
}

func (s *Server) end() {
	s.inflight = atomic.AddInt32(&s.inflight, -1) // want `s.inflight is updated by atomic.AddInt32`
}

func (s *Server) wrote(n int) {
	s.bytesOut = atomic.AddUint64(&s.bytesOut, uint64(n)) // want `s.bytesOut is updated by atomic.AddUint64`
}

func release(refs *int32) {
	*refs = atomic.AddInt32(refs, -1) // want `\*refs is updated by atomic.AddInt32`
}
