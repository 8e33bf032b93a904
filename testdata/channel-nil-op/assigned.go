package collector

import "time"

// The nil-channel select idiom: a nil case is disabled until the channel is set.
func merge(a, b <-chan int, out chan<- int) {
	var timeout <-chan time.Time
	for a != nil || b != nil {
		select {
		case v, ok := <-a:
			if !ok {
				a = nil
				continue
			}
			out <- v
		case v, ok := <-b:
			if !ok {
				b = nil
				continue
			}
			out <- v
		case <-timeout:
			return
		}
	}
}

// Assigned before use.
func ready(fast bool) chan struct{} {
	var ch chan struct{}
	if fast {
		ch = make(chan struct{}, 1)
	} else {
		ch = make(chan struct{})
	}
	return ch
}

// Made in init.
var jobs chan int

func init() { jobs = make(chan int, 16) }

func submit(j int) { jobs <- j }

// Exported: another package may set it.
var Updates chan string

func notify(s string) { Updates <- s }

// Address taken: someone else fills it in.
func fill(set func(*chan int)) int {
	var ch chan int
	set(&ch)
	return <-ch
}
