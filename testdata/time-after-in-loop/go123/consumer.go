package go123

// Go 1.23+ frees timers that lose the select: the pile-up is gone, only the allocation stays
// (info); a loop whose other cases all return is not reported at all.

import (
	"log"
	"time"
)

func Consume(events <-chan string) {
	for {
		select {
		case e := <-events:
			log.Print(e)
		case <-time.After(time.Minute): // want `time.After makes a new timer on every iteration of this loop \(Go 1.23\+ frees the ones that lose the select\)`
			log.Print("idle")
		}
	}
}

func Poll(check func(), done <-chan struct{}) {
	for {
		select {
		case <-time.After(10 * time.Second):
			check()
		case <-done:
			return
		}
	}
}
