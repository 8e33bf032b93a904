package queue

// Buffered for everything sent before receiving.
func pair() (int, int) {
	ch := make(chan int, 2)
	ch <- 1
	ch <- 2
	return <-ch, <-ch
}

// A receiver runs in another goroutine.
func handoff() int {
	ch := make(chan int)
	go func() { ch <- 42 }()
	return <-ch
}

// Closed before ranging: the range drains the buffer and ends.
func batch(xs []int) []int {
	ch := make(chan int, len(xs))
	for _, x := range xs {
		ch <- x
	}
	close(ch)
	var out []int
	for v := range ch {
		out = append(out, v)
	}
	return out
}

// Non-blocking operations in selects.
func tryPush(v int) bool {
	ch := make(chan int, 1)
	select {
	case ch <- v:
	default:
		return false
	}
	select {
	case ch <- v:
		return true
	default:
		return false
	}
}

// Checked with len before sending.
func bounded(xs []int) int {
	ch := make(chan int, 1)
	for _, x := range xs {
		if len(ch) == 0 {
			ch <- x
		}
	}
	return <-ch
}

// Handed to a function: it may receive.
func delegate(consume func(<-chan int)) {
	ch := make(chan int)
	go consume(ch)
	ch <- 1
}

// A receive after a close does not block.
func closedRecv() int {
	ch := make(chan int)
	close(ch)
	return <-ch
}
