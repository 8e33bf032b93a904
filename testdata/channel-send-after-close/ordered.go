package events

// Everything is sent before the close.
func produce(out chan<- int, xs []int) {
	for _, x := range xs {
		out <- x
	}
	close(out)
}

// Closed on one path only: the send panics only if that path ran, which the flow cannot decide.
func maybe(out chan int, stop bool) {
	if stop {
		close(out)
		return
	}
	out <- 1
}

// A new channel after the close.
func restart(ch chan int) chan int {
	close(ch)
	ch = make(chan int, 1)
	ch <- 1
	return ch
}
