// An audio mixer on top of a small C library: every path that loses C memory is flagged.
package mixer

/*
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct mixer mixer_t;

int  mixer_load_sample(mixer_t *m, const char *path);
int  mixer_mix(mixer_t *m, const short *pcm, int frames);
void mixer_log(const char *msg);
*/
import "C"

import (
	"errors"
	"fmt"
	"unsafe"
)

type Mixer struct {
	m     *C.mixer_t
	label *C.char
}

// LoadSample forgets the path on the error return.
func (mx *Mixer) LoadSample(path string) (int, error) {
	cpath := C.CString(path) // want `cpath \(C\.CString\) is not freed on every path: C memory is never garbage collected`
	id := C.mixer_load_sample(mx.m, cpath)
	if id < 0 {
		return 0, fmt.Errorf("mixer: cannot load %s", path)
	}
	C.free(unsafe.Pointer(cpath))
	return int(id), nil
}

// MixFrames copies every frame into a fresh C buffer and never frees it.
func (mx *Mixer) MixFrames(frames [][]int16) error {
	for _, f := range frames {
		buf := C.CBytes(int16Bytes(f)) // want `buf \(C\.CBytes\) is allocated again on the next iteration before the previous allocation is freed`
		if C.mixer_mix(mx.m, (*C.short)(buf), C.int(len(f))) != 0 {
			return errors.New("mixer: mix failed")
		}
	}
	return nil
}

// Logf hands a fresh C string to a C function that only reads it.
func Logf(format string, args ...interface{}) {
	C.mixer_log(C.CString(fmt.Sprintf(format, args...))) // want `the C memory from C\.CString is passed straight to C\.mixer_log and never freed`
}

// Scratch allocates and throws the pointer away.
func Scratch(n int) {
	C.malloc(C.size_t(n)) // want `the result of C\.malloc is discarded`
}

// SetLabel stores a C string in a field that nothing ever frees.
func (mx *Mixer) SetLabel(s string) {
	mx.label = C.CString(s) // want `the memory \(C\.CString\) is stored in Mixer\.label, but nothing in this package frees that field`
}

// newPCM returns C memory: its callers own it.
func newPCM(samples []int16) unsafe.Pointer {
	p := C.malloc(C.size_t(len(samples) * 2))
	C.memcpy(p, unsafe.Pointer(&samples[0]), C.size_t(len(samples)*2))
	return p
}

// Mix owns what newPCM returns and forgets it on the early return.
func (mx *Mixer) Mix(samples []int16) error {
	pcm := newPCM(samples) // want `pcm \(newPCM, which returns memory from C\.malloc at line \d+\) is not freed on every path`
	if rc := C.mixer_mix(mx.m, (*C.short)(pcm), C.int(len(samples))); rc != 0 {
		return fmt.Errorf("mixer: rc=%d", rc)
	}
	C.free(pcm)
	return nil
}

func int16Bytes(s []int16) []byte {
	if len(s) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&s[0])), len(s)*2)
}
