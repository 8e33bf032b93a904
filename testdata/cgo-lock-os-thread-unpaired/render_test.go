package render

import (
	"runtime"
	"testing"
)

func TestThreadBound(t *testing.T) {
	runtime.LockOSThread()
	if t.Failed() {
		return
	}
}
