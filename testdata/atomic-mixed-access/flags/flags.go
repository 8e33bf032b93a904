package flags

import (
	"sync/atomic"
	"unsafe"
)

// Status bits of a shared table: writers set them atomically, the fast path
// peeks through an unsafe cast.
const (
	flagWriting uint32 = 1 << iota
	flagGrowing
)

var status uint32

func markWriting() {
	for {
		old := atomic.LoadUint32(&status)
		if atomic.CompareAndSwapUint32(&status, old, old|flagWriting) {
			return
		}
	}
}

func clearWriting() {
	for {
		old := atomic.LoadUint32(&status)
		if atomic.CompareAndSwapUint32(&status, old, old&^flagWriting) {
			return
		}
	}
}

func isWriting() bool {
	return *(*uint32)(unsafe.Pointer(&status))&flagWriting != 0 // want `reading status through an unsafe.Pointer cast is still a plain load`
}

func markGrowing() {
	status |= flagGrowing // want `status is written here with a plain store`
}

// A writer that publishes once in a goroutine and a reader that polls a plain load.
var ready int64

func Wait(done chan struct{}) {
	go func() {
		atomic.StoreInt64(&ready, 1)
		close(done)
	}()
	for i := 0; i < 10000000; i++ {
		if ready == 1 { // want `ready is read here with a plain load`
			break
		}
	}
	<-done
}
