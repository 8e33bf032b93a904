// A game binary: the main goroutine keeps the main thread for the whole process, as GL and SDL need.
package main

import "runtime"

func init() {
	runtime.LockOSThread()
}

func main() {
	runtime.LockOSThread()
	loop()
}

func loop() {}
