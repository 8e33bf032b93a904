// Seed 000, chapter 1 "typical cgo crash scene": the statements wrapped in a
// function, playAudio declared in the preamble as a C function that keeps the pointer.
package audio

/*
#include <stdlib.h>
void playAudio(void *buf, int n);
*/
import "C"

func play(pcmData []byte) {
	cBuf := C.CBytes(pcmData) // C.malloc分配,但无C.free配对
	defer C.free(cBuf)        // 若defer未执行或panic,泄漏+GC误回收 // want `cBuf is freed when play returns, but it was handed to C.playAudio`
	C.playAudio(cBuf, C.int(len(pcmData))) // C函数内部长期持有cBuf指针
}
