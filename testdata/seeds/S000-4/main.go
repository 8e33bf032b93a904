// Seed 000, §2.2: the seed returns *C.void, which does not compile (C void* is
// unsafe.Pointer); the result type is the only change.
package main

/*
#cgo LDFLAGS: -lm
#include "cgo_test.c"
*/
import "C"
import "unsafe"

func triggerDangling() unsafe.Pointer {
	p := C.unsafe_alloc() // C分配,Go runtime 不知其生命周期
	// ❌ 未调用 runtime.SetFinalizer 或 C.free 显式管理
	return p
}
