// Callbacks that hand work to goroutines and return to C at once: silent.
package engine

/*
void engine_ack(int id);
*/
import "C"

import (
	"sync"
	"time"
)

var (
	events  = make(chan int, 64)
	started = make(chan struct{})
	work    sync.WaitGroup
	mixed   = make(chan []float32, 2)
)

func init() {
	go func() {
		for ev := range events {
			C.engine_ack(C.int(ev))
		}
	}()
	go func() {
		close(started)
		for {
			mixed <- make([]float32, 256)
		}
	}()
}

//export OnEvent
func OnEvent(code C.int) {
	select {
	case events <- int(code):
	default:
	}
}

//export OnReady
func OnReady() {
	<-started
}

//export OnBatch
func OnBatch(n C.int) {
	for i := 0; i < int(n); i++ {
		work.Add(1)
		go func() {
			defer work.Done()
			time.Sleep(time.Millisecond)
		}()
	}
	work.Wait()
}

//export OnMix
func OnMix() C.int {
	select {
	case b := <-mixed:
		return C.int(len(b))
	case <-time.After(10 * time.Millisecond):
		return 0
	}
}

// Background starts a goroutine that blocks; the C caller returns at once.
//
//export Background
func Background() {
	go func() {
		select {}
	}()
}

// Not exported: blocking here is the goroutine-leak rules' business.
func park() {
	select {}
}
