// Hand-offs that end before the free, C functions that copy, and blocking playback: silent.
package sfx

/*
#include <stdlib.h>
#include <stdint.h>

void mix_play_async(const void *pcm, int len);
void mix_wait_done(void);
int  mix_play_blocking(const void *pcm, int len);
void mix_register_buffer(int channel, void *pcm, int len);
void mix_unregister_buffer(int channel);
void mix_set_title(const char *title);
*/
import "C"

import "unsafe"

// PlayAndWait waits for the device to finish with the buffer before freeing it.
func PlayAndWait(pcm []byte) {
	buf := C.CBytes(pcm)
	defer C.free(buf)
	C.mix_play_async(buf, C.int(len(pcm)))
	C.mix_wait_done()
}

// PlayBlocking returns only when the samples were played.
func PlayBlocking(pcm []byte) int {
	buf := C.CBytes(pcm)
	defer C.free(buf)
	return int(C.mix_play_blocking(buf, C.int(len(pcm))))
}

// Swap unregisters the old buffer before freeing it.
func Swap(channel int, old unsafe.Pointer, pcm []byte) unsafe.Pointer {
	cpcm := C.CBytes(pcm)
	C.mix_register_buffer(C.int(channel), cpcm, C.int(len(pcm)))
	C.mix_unregister_buffer(C.int(channel))
	C.free(cpcm)
	return old
}

// Title: the setenv-style setter copies its argument (documented); setenv itself is known to copy.
func Title(t string) {
	ct := C.CString(t)
	defer C.free(unsafe.Pointer(ct))
	key := C.CString("SFX_TITLE")
	defer C.free(unsafe.Pointer(key))
	C.setenv(key, ct, 1)
}

// Channel owns the buffer it registers and frees it only after unregistering.
type Channel struct {
	id  C.int
	pcm unsafe.Pointer
}

func (c *Channel) Load(pcm []byte) {
	c.pcm = C.CBytes(pcm)
	C.mix_register_buffer(c.id, c.pcm, C.int(len(pcm)))
}

func (c *Channel) Close() {
	C.mix_unregister_buffer(c.id)
	C.free(c.pcm)
}
