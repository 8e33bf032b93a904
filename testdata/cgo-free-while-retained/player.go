// Sound effects queued to a C audio device, freed while the device may still play them.
package sfx

/*
#include <stdlib.h>
#include <stdint.h>

typedef uint32_t device_id;

int  SDL_QueueAudio(device_id dev, const void *data, uint32_t len);
void mix_register_buffer(int channel, void *pcm, int len);
void mix_play_async(const void *pcm, int len);
int  mix_play_blocking(const void *pcm, int len);
*/
import "C"

import "unsafe"

type Device struct{ id C.device_id }

// The seed's "typical crash scene": the buffer goes to a C play function that keeps it,
// and the deferred free runs as soon as PlayPCM returns.
func PlayPCM(pcm []byte) {
	buf := C.CBytes(pcm)
	defer C.free(buf) // want `buf is freed when PlayPCM returns, but it was handed to playAudio \(C\.mix_play_async\) \(line \d+\), whose name \("play"\) suggests the C side keeps the pointer \(heuristic\)`
	playAudio(buf, len(pcm))
}

func playAudio(p unsafe.Pointer, n int) {
	C.mix_play_async(p, C.int(n))
}

// Queue hands the samples to SDL's queue and frees them at once.
func (d *Device) Queue(samples []int16) {
	n := len(samples) * 2
	p := C.malloc(C.size_t(n))
	C.memcpy(p, unsafe.Pointer(&samples[0]), C.size_t(n))
	C.SDL_QueueAudio(d.id, p, C.uint32_t(n))
	C.free(p) // want `p is freed right after being handed to C\.SDL_QueueAudio \(line \d+\), whose name \("queue"\) suggests the C side keeps the pointer`
}

// Register gives a channel its PCM and frees it when Register returns.
func Register(channel int, pcm []byte) {
	cpcm := C.CBytes(pcm)
	C.mix_register_buffer(C.int(channel), cpcm, C.int(len(pcm)))
	defer C.free(cpcm) // want `cpcm is freed when Register returns, but it was handed to C\.mix_register_buffer`
}
