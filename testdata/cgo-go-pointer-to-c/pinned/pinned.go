// Go 1.21+: objects pinned with a runtime.Pinner may be reached by C while pinned.
package pinned

/*
typedef struct { float *samples; int n; } voice_t;
void mixer_play_sync(voice_t *v);
*/
import "C"

import (
	"runtime"
	"unsafe"
)

func Play(samples []float32) {
	var pin runtime.Pinner
	defer pin.Unpin()
	pin.Pin(&samples[0])
	var v C.voice_t
	v.samples = (*C.float)(unsafe.Pointer(&samples[0]))
	v.n = C.int(len(samples))
	C.mixer_play_sync(&v)
}
