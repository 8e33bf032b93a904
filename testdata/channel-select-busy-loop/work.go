package poll

import "time"

// The default does the work between polls: a deliberate poll loop, not a spin.
func run(stop <-chan struct{}, step func()) {
	for {
		select {
		case <-stop:
			return
		default:
			step()
		}
	}
}

// A bounded loop of non-blocking sends: fan-out that drops for slow subscribers.
func broadcast(subs []chan string, ev string) {
	for _, s := range subs {
		select {
		case s <- ev:
		default:
		}
	}
}

// Other work in the loop body besides the select.
func tick(stop <-chan struct{}, work func()) {
	for {
		select {
		case <-stop:
			return
		default:
		}
		work()
		time.Sleep(time.Millisecond)
	}
}

// Drain what is buffered, then stop.
func drain(ch <-chan int) (n int) {
	for {
		select {
		case <-ch:
			n++
		default:
			return n
		}
	}
}
