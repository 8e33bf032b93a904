package afters

import (
	"log"
	"time"
)

// Consume logs an idle message: every event leaves a one-minute timer behind, so a busy
// channel piles up thousands of live timers before Go 1.23.
func Consume(events <-chan string, quit <-chan struct{}) {
	for {
		select {
		case e := <-events:
			log.Print(e)
		case <-time.After(time.Minute): // want `time.After in a loop: every iteration that ends through another case leaves a timer behind, not freed until it fires \(time.Minute\)`
			log.Print("idle")
		case <-quit:
			return
		}
	}
}

// Batch flushes on size or age; the timeout variable is re-made every iteration.
func Batch(in <-chan int, flush func([]int)) {
	var buf []int
	for {
		timeout := time.After(500 * time.Millisecond) // want `time.After in a loop: every iteration`
		select {
		case v, ok := <-in:
			if !ok {
				flush(buf)
				return
			}
			buf = append(buf, v)
		case <-timeout:
			flush(buf)
			buf = nil
		}
	}
}

// Poll is seed case 18 (S003-1): the other case returns, so at most one timer lingers when
// the loop ends: info only.
func Poll(check func(), done <-chan struct{}) {
	for {
		select {
		case <-time.After(10 * time.Second): // want `time.After makes a new timer on every iteration of this loop; one that loses the select stays alive until it fires`
			check()
		case <-done:
			return
		}
	}
}

// Heartbeat backs off after failures; the stop case falls through to the loop head, which
// returns: a stop signal fires once, so no pile-up (info only).
func Heartbeat(beat func() error, stop <-chan struct{}, wait time.Duration) {
	for {
		select {
		case <-stop:
			return
		default:
		}
		if err := beat(); err != nil {
			select {
			case <-time.After(wait): // want `time.After makes a new timer on every iteration of this loop; one that loses the select stays alive until it fires`
			case <-stop:
			}
		}
	}
}

// WaitReady returns right after the select: at most one timer lingers (info).
func WaitReady(ready <-chan struct{}, check func() bool, d time.Duration) error {
	for !check() {
		select {
		case <-ready:
		case <-time.After(d): // want `time.After makes a new timer on every iteration of this loop; one that loses the select stays alive`
			return nil
		}
		return nil
	}
	return nil
}

// Flow waits at most 10ms per chunk for an ack: each timer dies almost at once (info).
func Flow(acks <-chan struct{}, chunks [][]byte, send func([]byte)) {
	for _, c := range chunks {
		select {
		case <-acks:
		case <-time.After(10 * time.Millisecond): // want `time.After makes a new timer on every iteration of this loop`
		}
		send(c)
	}
}
