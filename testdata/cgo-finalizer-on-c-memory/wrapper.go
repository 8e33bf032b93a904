// The right way: a Go wrapper owns the C pointer and carries the finalizer.
package sound

/*
#include <stdlib.h>

typedef struct voice voice_t;
voice_t *voice_new(int rate);
void     voice_free(voice_t *v);
*/
import "C"

import (
	"runtime"
	"unsafe"
)

type Voice struct {
	v *C.voice_t
}

func OpenVoice(rate int) *Voice {
	w := &Voice{v: C.voice_new(C.int(rate))}
	runtime.SetFinalizer(w, (*Voice).Close)
	return w
}

func (w *Voice) Close() {
	if w.v != nil {
		C.voice_free(w.v)
		w.v = nil
	}
	runtime.SetFinalizer(w, nil)
}

type PCM struct {
	p unsafe.Pointer
	n int
}

func NewPCMBuffer(n int) *PCM {
	b := &PCM{p: C.malloc(C.size_t(n)), n: n}
	runtime.SetFinalizer(b, func(b *PCM) { C.free(b.p) })
	return b
}

// A C struct allocated by Go (new) is Go memory: a finalizer on it is allowed.
func NewHeader() *C.struct_hdr {
	h := new(C.struct_hdr)
	runtime.SetFinalizer(h, func(*C.struct_hdr) {})
	return h
}
