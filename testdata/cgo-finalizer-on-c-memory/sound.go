// The seed's "C.malloc + SetFinalizer(p, C.free) is safe" remedy, in the forms it takes: all fatal.
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

func NewPCM(n int) unsafe.Pointer {
	p := C.malloc(C.size_t(n))
	runtime.SetFinalizer(p, func(p unsafe.Pointer) { C.free(p) }) // want `runtime\.SetFinalizer on p, an unsafe\.Pointer: the runtime aborts with "fatal error: runtime\.SetFinalizer: first argument is unsafe\.Pointer, not pointer"`
	return p
}

func Name(s string) *C.char {
	cs := C.CString(s)
	runtime.SetFinalizer(cs, func(cs *C.char) { C.free(unsafe.Pointer(cs)) }) // want `runtime\.SetFinalizer on cs, which points to C memory \(C\.CString\): the runtime aborts with "fatal error: runtime\.SetFinalizer: pointer not in allocated block"`
	return cs
}

func NewVoice(rate int) *C.voice_t {
	v := C.voice_new(C.int(rate))
	runtime.SetFinalizer(v, func(v *C.voice_t) { C.voice_free(v) }) // want `runtime\.SetFinalizer on v, which points to C memory \(C\.voice_new\)`
	return v
}

func Samples(n int) *[1024]int16 {
	var buf *[1024]int16
	buf = (*[1024]int16)(C.calloc(1024, 2))
	runtime.SetFinalizer(buf, func(b *[1024]int16) { C.free(unsafe.Pointer(b)) }) // want `runtime\.SetFinalizer on buf, which points to C memory \(C\.calloc\)`
	return buf
}
