// Passing Go memory the allowed ways: silent.
package mixer

/*
#include <stdlib.h>
#include <string.h>

typedef struct {
	float *samples;
	int    n;
	void  *user;
} voice_t;

typedef struct { int rate; int channels; } opts_t;

void mixer_mix(float *out, const float *in, int n);
void mixer_play(voice_t *v);
void mixer_set_opts(opts_t *o);
void mixer_register_callback(void *cb, void *user);
void mixer_set_names(char **names, int n);
int  mixer_peek(void *p, int n);
*/
import "C"

import (
	"runtime/cgo"
	"unsafe"
)

// Pointer-free Go memory may be passed for the duration of the call.
func Mix(out, in []float32) {
	C.mixer_mix((*C.float)(unsafe.Pointer(&out[0])), (*C.float)(unsafe.Pointer(&in[0])), C.int(len(in)))
}

// Numbers only.
type Frame struct {
	L, R float32
}

func PeekFrames(fs []Frame) int {
	return int(C.mixer_peek(unsafe.Pointer(&fs[0]), C.int(len(fs))))
}

// C memory holding C copies.
func PlayCopy(samples []float32) {
	v := (*C.voice_t)(C.malloc(C.size_t(unsafe.Sizeof(C.voice_t{}))))
	defer C.free(unsafe.Pointer(v))
	v.samples = (*C.float)(C.CBytes(unsafe.Slice((*byte)(unsafe.Pointer(&samples[0])), len(samples)*4)))
	defer C.free(unsafe.Pointer(v.samples))
	v.n = C.int(len(samples))
	C.mixer_play(v)
}

// A Go-allocated C struct holding only C pointers and numbers.
func PlayC(cbuf *C.float, n int) {
	var v C.voice_t
	v.samples = cbuf
	v.n = C.int(n)
	C.mixer_play(&v)
}

// Option structs on the Go stack are copied by setters.
func Configure(rate int) {
	o := C.opts_t{rate: C.int(rate), channels: 2}
	C.mixer_set_opts(&o)
}

// Handles instead of Go pointers.
func Register(l *Listener) cgo.Handle {
	h := cgo.NewHandle(l)
	C.mixer_register_callback(nil, unsafe.Pointer(uintptr(h)))
	return h
}

// An array of C strings.
func SetNames(names []string) {
	cs := make([]*C.char, len(names))
	for i, n := range names {
		cs[i] = C.CString(n)
		defer C.free(unsafe.Pointer(cs[i]))
	}
	C.mixer_set_names(&cs[0], C.int(len(cs)))
}
