// A module still on go 1.13: no asynchronous preemption, call-free loops hold their P.
package legacy

import "runtime"

func Checksum(data []byte) uint32 {
	var h uint32
	for i := 0; i < 1e9; i++ { // want `call-free loop of millions of iterations: with go1\.13 \(before Go 1\.14, no asynchronous preemption\) this goroutine cannot be preempted here`
		h = h*31 + uint32(data[i%len(data)])
	}
	return h
}

func Park() {
	for { // want `call-free loop that never ends: with go1\.13`
	}
}

// Yields on every iteration: preemptible even on old releases.
func Poll(ready func() bool) {
	for !ready() {
		runtime.Gosched()
	}
}

// Short loops over data are fine.
func Sum(xs []int) int {
	s := 0
	for i := 0; i < len(xs); i++ {
		s += xs[i]
	}
	return s
}
