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

var scenes = map[string]func(){}

func register(name string, f func()) { scenes[name] = f }

func init() {
	register("title", TitleScene)
}

// TitleScene is never called, only registered from init and dispatched as the program's entry point.
func TitleScene() {
	runtime.LockOSThread()
	loop()
}
