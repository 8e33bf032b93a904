// Command cgocheck passes Go memory holding a Go pointer to C: cgocheck=1 (the default) panics.
package main

/*
typedef struct { int *p; } holder;
static void use(holder *h) { (void)h; }
*/
import "C"
import "unsafe"

func main() {
	x := C.int(1)
	h := &C.holder{p: (*C.int)(unsafe.Pointer(&x))}
	C.use(h) // Go pointer to Go pointer
}
