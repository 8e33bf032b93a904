// A C decoder binding that frees what it allocates: nothing here may be flagged.
package mixer

/*
#include <stdlib.h>

typedef struct decoder decoder_t;

decoder_t *decoder_open(const char *path, const char *opts);
void       decoder_close(decoder_t *d);
int        decoder_read(decoder_t *d, float *out, int n);
void       decoder_free_string(char *s);
char      *decoder_title(decoder_t *d);
*/
import "C"

import (
	"errors"
	"runtime"
	"unsafe"
)

var errOpen = errors.New("decoder: cannot open")

type Decoder struct {
	d     *C.decoder_t
	path  *C.char
	out   unsafe.Pointer
	nout  int
	title string
}

// Open keeps the path for the life of the decoder; Close frees it.
func Open(path string) (*Decoder, error) {
	cpath := C.CString(path)
	copts := C.CString("rate=48000")
	defer C.free(unsafe.Pointer(copts))
	d := C.decoder_open(cpath, copts)
	if d == nil {
		C.free(unsafe.Pointer(cpath))
		return nil, errOpen
	}
	dec := &Decoder{d: d, path: cpath}
	dec.out = C.malloc(C.size_t(4096 * 4))
	dec.nout = 4096
	t := C.decoder_title(d)
	dec.title = C.GoString(t)
	C.decoder_free_string(t)
	return dec, nil
}

// Close releases everything Open allocated.
func (dec *Decoder) Close() {
	C.decoder_close(dec.d)
	C.free(unsafe.Pointer(dec.path))
	C.free(dec.out)
	runtime.KeepAlive(dec)
}

// Read uses a scratch buffer that is nil-checked before the deferred free.
func (dec *Decoder) Read(dst []float32) (int, error) {
	buf := (*C.float)(C.calloc(C.size_t(len(dst)), 4))
	if buf == nil {
		return 0, errors.New("decoder: out of memory")
	}
	defer C.free(unsafe.Pointer(buf))
	n := C.decoder_read(dec.d, buf, C.int(len(dst)))
	if n < 0 {
		return 0, errors.New("decoder: read failed")
	}
	copy(dst, unsafe.Slice((*float32)(unsafe.Pointer(buf)), int(n)))
	return int(n), nil
}

// freeAll is a helper that frees its argument: passing memory to it releases it.
func freeAll(ps ...unsafe.Pointer) {
	for _, p := range ps {
		C.free(p)
	}
}

func release(p *C.char) {
	if p != nil {
		C.free(unsafe.Pointer(p))
	}
}

func Probe(path string) bool {
	cpath := C.CString(path)
	defer release(cpath)
	d := C.decoder_open(cpath, nil)
	if d == nil {
		return false
	}
	C.decoder_close(d)
	return true
}

// Scratch buffers reused across frames: allocated once, freed once.
func DecodeAll(dec *Decoder, frames int, sink func([]float32)) {
	buf := C.malloc(C.size_t(1024 * 4))
	defer C.free(buf)
	view := unsafe.Slice((*float32)(buf), 1024)
	for i := 0; i < frames; i++ {
		n := C.decoder_read(dec.d, (*C.float)(buf), 1024)
		if n <= 0 {
			return
		}
		sink(view[:n])
	}
}

// A guarded free covers the nil path.
func Title(dec *Decoder) string {
	t := C.decoder_title(dec.d)
	s := C.GoString(t)
	cs := C.CString(s)
	if cs != nil {
		C.free(unsafe.Pointer(cs))
	}
	C.decoder_free_string(t)
	return s
}

// A closure frees on every path through defer.
func WithPath(path string, f func(*C.char) error) error {
	cpath := C.CString(path)
	defer func() {
		C.free(unsafe.Pointer(cpath))
	}()
	return f(cpath)
}

// Ownership handed to the caller (returned with an error result).
func cstrings(ss []string) (**C.char, error) {
	if len(ss) == 0 {
		return nil, errors.New("empty")
	}
	arr := (**C.char)(C.calloc(C.size_t(len(ss)+1), C.size_t(unsafe.Sizeof(uintptr(0)))))
	view := unsafe.Slice(arr, len(ss)+1)
	for i, s := range ss {
		view[i] = C.CString(s)
	}
	return arr, nil
}

func FreeAllScratch(a, b unsafe.Pointer) {
	freeAll(a, b)
}

func Scratch2() {
	p := C.malloc(16)
	q := C.malloc(16)
	freeAll(p, q)
}
