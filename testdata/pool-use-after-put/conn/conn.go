package conn

import (
	"io"
	"sync"
)

type frame struct {
	header  [8]byte
	payload []byte
}

var frames = sync.Pool{New: func() any { return &frame{payload: make([]byte, 0, 4096)} }}

// readFrame returns the payload of a frame that is already back in the pool.
func readFrame(r io.Reader) ([]byte, error) {
	f := frames.Get().(*frame)
	if _, err := io.ReadFull(r, f.header[:]); err != nil {
		frames.Put(f)
		return nil, err
	}
	n := int(f.header[0])
	f.payload = f.payload[:n]
	_, err := io.ReadFull(r, f.payload)
	frames.Put(f)
	if err != nil {
		return nil, err
	}
	return f.payload, nil // want `f is used after it went back to frames`
}

// A slice pool handed back before the caller's last write.
var scratch = sync.Pool{New: func() any { b := make([]byte, 0, 64); return &b }}

func checksum(data []byte) byte {
	bp := scratch.Get().(*[]byte)
	b := append((*bp)[:0], data...)
	scratch.Put(bp)
	var sum byte
	for _, c := range b { // want `b still points into the memory of bp`
		sum += c
	}
	return sum
}
