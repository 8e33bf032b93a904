// Seed 000, §2.4: the seed defines call_cb in the preamble of a file with
// //export (duplicate symbols) and names an undeclared C.goCallback; here the
// preamble only declares them (call_cb is defined in callback.c).
package main

// typedef void (*cb_t)(void);
// void call_cb(cb_t cb);
// void goCallback(void);
import "C"
import "runtime"

//export goCallback
func goCallback() {
	select {} // 阻塞,等待调度器唤醒 → 但 OS 线程已被锁定且无空闲 M // want `goCallback is exported to C and blocks forever in select \{\}`
}

func main() {
	runtime.LockOSThread()
	C.call_cb(C.cb_t(C.goCallback))
}
