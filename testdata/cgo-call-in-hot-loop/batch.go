// Calls made once per buffer, per frame, per device or per file: silent.
package dsp

/*
void  dsp_filter_buffer(float *buf, int n);
void *dev_open(const char *name);
void  dev_close(void *dev);
int   game_poll_events(void);
void  game_present(void *pixels, int w, int h);
*/
import "C"

import "unsafe"

func FilterBuffer(samples []float32) {
	if len(samples) == 0 {
		return
	}
	C.dsp_filter_buffer((*C.float)(unsafe.Pointer(&samples[0])), C.int(len(samples)))
}

// One C call per frame of a game loop, with the whole frame buffer.
func Run(frames int, pixels []uint32, w, h int) {
	for f := 0; f < frames; f++ {
		if C.game_poll_events() != 0 {
			return
		}
		C.game_present(unsafe.Pointer(&pixels[0]), C.int(w), C.int(h))
	}
}

// Once per device name.
func OpenAll(names []string) []unsafe.Pointer {
	var devs []unsafe.Pointer
	for _, n := range names {
		cn := C.CString(n)
		devs = append(devs, C.dev_open(cn))
		C.free(unsafe.Pointer(cn))
	}
	return devs
}

// Once per handle.
func CloseAll(devs []unsafe.Pointer) {
	for _, d := range devs {
		C.dev_close(d)
	}
}

// Per-sample work in Go, one C call per buffer.
func Normalize(bufs [][]float32) {
	for _, b := range bufs {
		for i := range b {
			b[i] *= 0.5
		}
		if len(b) > 0 {
			C.dsp_filter_buffer((*C.float)(unsafe.Pointer(&b[0])), C.int(len(b)))
		}
	}
}
