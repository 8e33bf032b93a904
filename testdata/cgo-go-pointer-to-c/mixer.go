// A mixer binding that hands Go memory to C the wrong ways.
package mixer

/*
#include <stdlib.h>
#include <stdint.h>

typedef struct {
	float *samples;
	int    n;
	void  *user;
} voice_t;

typedef void (*done_cb)(void *user);

void mixer_render(void *voices, int n);
void mixer_play(voice_t *v);
void mixer_register_callback(done_cb cb, void *user);
void mixer_set_names(char **names, int n);
int  mixer_peek(void *p, int n);
*/
import "C"

import "unsafe"

type Voice struct {
	Name    string
	Samples []float32
	Gain    float32
}

type Listener struct {
	OnDone func(id int)
	id     int
}

// Submit passes an array of structs holding strings and slices.
func Submit(voices []Voice) {
	C.mixer_render(unsafe.Pointer(&voices[0]), C.int(len(voices))) // want `unsafe\.Pointer\(&voices\[0\]\) points to Go memory that holds Go pointers \(field Name is a string\): passing it to C\.mixer_render violates the cgo pointer rules \(cgocheck panics: "cgo argument has Go pointer to unpinned Go pointer"\)`
}

// Through a variable: go vet's cgocall does not follow it.
func SubmitOne(v *Voice) {
	p := unsafe.Pointer(v)
	C.mixer_peek(p, 1) // want `p points to Go memory that holds Go pointers \(field Name is a string\)`
}

// A map through unsafe.Pointer.
func Peek(gains map[string]float32) {
	C.mixer_peek(unsafe.Pointer(&gains), 0) // want `points to Go memory that holds Go pointers \(a map\)`
}

// A Go-allocated C struct that gets a Go pointer stored in it.
func Play(samples []float32) {
	var v C.voice_t
	v.samples = (*C.float)(unsafe.Pointer(&samples[0]))
	v.n = C.int(len(samples))
	C.mixer_play(&v) // want `&v is Go memory, and v\.samples holds a Go pointer stored at line \d+: passing it to C\.mixer_play violates the cgo pointer rules`
}

// Go pointers written into C memory.
func Prepare(samples []float32, l *Listener) *C.voice_t {
	v := (*C.voice_t)(C.malloc(C.size_t(unsafe.Sizeof(C.voice_t{}))))
	v.samples = (*C.float)(unsafe.Pointer(&samples[0])) // want `Go pointer \(\*C\.float\)\(unsafe\.Pointer\(&samples\[0\]\)\) stored into C memory \(v\.samples\)`
	v.user = unsafe.Pointer(l) // want `Go pointer unsafe\.Pointer\(l\) stored into C memory \(v\.user\)`
	return v
}

// A Go pointer handed to a C function that keeps it for a later callback.
func OnDone(l *Listener) {
	C.mixer_register_callback(nil, unsafe.Pointer(l)) // want `Go pointer unsafe\.Pointer\(l\) is passed to C\.mixer_register_callback, whose name \("register"\) suggests C keeps it after the call returns \(heuristic\)`
}

// A slice of Go strings' pointers.
func Names(names []*byte) {
	C.mixer_set_names((**C.char)(unsafe.Pointer(&names[0])), C.int(len(names))) // want `points to Go memory that holds Go pointers \(a pointer \(\*byte\)\)`
}
