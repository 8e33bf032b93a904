package safe

import (
	"bytes"
	"net"
	"sync"
)

// Plain memory: what sync.Pool is for.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

type frame struct {
	hdr  [16]byte
	body []byte
}

var frames = sync.Pool{New: func() any { return &frame{body: make([]byte, 0, 1024)} }}

func Encode(p []byte) []byte {
	b := buffers.Get().(*bytes.Buffer)
	b.Reset()
	b.Write(p)
	out := append([]byte(nil), b.Bytes()...)
	buffers.Put(b)
	f := frames.Get().(*frame)
	f.body = f.body[:0]
	frames.Put(f)
	return out
}

// Connections in a bounded pool that closes what it does not keep.
type ConnPool struct {
	addr string
	idle chan net.Conn
}

func (p *ConnPool) Get() (net.Conn, error) {
	select {
	case c := <-p.idle:
		return c, nil
	default:
		return net.Dial("tcp", p.addr)
	}
}

func (p *ConnPool) Put(c net.Conn) {
	select {
	case p.idle <- c:
	default:
		c.Close()
	}
}
