package pool

import (
	"os"
	"testing"
)

// The error paths fail the test before returning: a failed test may leave its helpers waiting.
func TestPipeHelpers(t *testing.T) {
	done := make(chan bool)
	go func() {
		<-done
	}()
	r, w, err := os.Pipe()
	if err != nil {
		t.Errorf("pipe: %v", err)
		return
	}
	defer r.Close()
	w.Write([]byte("x"))
	close(done)
}

// A passing run returns early on the short path and leaves both helpers waiting.
func TestHelpersShort(t *testing.T) {
	stop := make(chan struct{})
	go func() {
		<-stop // want "receive from stop blocks forever when TestHelpersShort returns at line 34 without sending on or closing stop"
	}()
	go func() {
		<-stop
	}()
	if testing.Short() {
		return
	}
	close(stop)
}
