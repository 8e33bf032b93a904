package encode

import (
	"strconv"
	"sync"
)

var scratch = sync.Pool{New: func() any { return make([]byte, 0, 4096) }}

func AppendInts(dst []byte, vs []int) []byte {
	b := scratch.Get().([]byte)[:0]
	for _, v := range vs {
		b = strconv.AppendInt(b, int64(v), 10)
		b = append(b, ',')
	}
	dst = append(dst, b...)
	scratch.Put(b) // want `b is a slice \(\[\]byte\), not a pointer: converting it to the interface Put takes allocates on every call`
	return dst
}

type record struct {
	key, value string
	ts         int64
}

var records = sync.Pool{New: func() any { return record{} }}

func Format(k, v string) string {
	r := records.Get().(record)
	r.key, r.value = k, v
	s := r.key + "=" + r.value
	records.Put(r) // want `r is a struct value \(record\), not a pointer`
	return s
}

type digest [32]byte

var digests = sync.Pool{New: func() any { return digest{} }}

func Release(d digest) {
	digests.Put(d) // want `d is a array \(digest\)|d is a .*digest.*not a pointer`
}
