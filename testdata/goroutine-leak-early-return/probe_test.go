package leaks

import (
	"testing"
	"time"
)

func slowCall() error { time.Sleep(time.Millisecond); return nil }

// The timeout branch fails the test: what a failed test leaves behind is not reported.
func TestSlowCall(t *testing.T) {
	ch := make(chan error)
	go func() { ch <- slowCall() }()
	select {
	case err := <-ch:
		if err != nil {
			t.Error(err)
		}
	case <-time.After(time.Second):
		t.Error("timed out")
	}
}

// A passing run leaks too: whichever side loses the select stays blocked on its send.
func TestEitherSide(t *testing.T) {
	accepted := make(chan error)
	go func() { accepted <- slowCall() }() // want "send on accepted blocks forever when TestEitherSide returns at line 36"
	dialed := make(chan error)
	go func() { dialed <- slowCall() }() // want "send on dialed blocks forever when TestEitherSide returns at line 36"
	select {
	case err := <-accepted:
		t.Log(err)
	case err := <-dialed:
		t.Log(err)
	}
}
