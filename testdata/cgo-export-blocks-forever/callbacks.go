// Callbacks an audio engine written in C calls on its own threads.
package engine

/*
typedef void (*frame_cb)(float *out, int frames);
void engine_set_callback(frame_cb cb);
*/
import "C"

import (
	"sync"
	"unsafe"
)

var (
	ready   = make(chan struct{})
	loaded  sync.WaitGroup
	frames  = make(chan []float32, 4)
	pending = make(chan int)
)

// Seed 000 §2.4, made to compile: the callback parks forever.
//
//export goCallback
func goCallback() {
	select {} // want `goCallback is exported to C and blocks forever in select \{\}: the C thread that called it never gets control back, and the Go runtime does not report a deadlock for it`
}

// OnStart waits for a signal nobody ever sends.
//
//export OnStart
func OnStart() {
	<-ready // want `OnStart is exported to C and blocks forever in a receive from ready, which nothing sends on or closes`
}

// OnLoad waits for loaders that never call Done.
//
//export OnLoad
func OnLoad(n C.int) {
	loaded.Add(int(n))
	loaded.Wait() // want `OnLoad is exported to C and blocks forever in loaded\.Wait\(\), whose WaitGroup has Add but no Done anywhere`
}

// OnFrame fills the C buffer from a helper that waits on a dead channel.
//
//export OnFrame
func OnFrame(out *C.float, n C.int) {
	buf := unsafe.Slice((*float32)(unsafe.Pointer(out)), int(n))
	copy(buf, nextFrame()) // want `OnFrame is exported to C and blocks forever in nextFrame\(\), which reaches a receive from pending, which nothing sends on or closes \(line \d+\)`
}

func nextFrame() []float32 {
	id := <-pending
	_ = id
	return <-frames
}

// OnIdle spins.
//
//export OnIdle
func OnIdle() {
	for { // want `OnIdle is exported to C and never returns from this empty for loop`
	}
}
