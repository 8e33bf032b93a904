package queue

// Seed case 8: the second send finds the buffer full and nobody else can receive.
func fill() {
	ch := make(chan int, 1)
	ch <- 1
	ch <- 2 // want "send blocks forever: the buffer of ch \\(capacity 1\\) is already full here"
}

// An unbuffered channel used as a variable within one goroutine.
func sum(xs []int) int {
	partial := make(chan int)
	s := 0
	for _, x := range xs {
		s += x
	}
	partial <- s // want "send blocks forever: partial is unbuffered and no other goroutine can receive from it"
	return <-partial
}

// Waiting for a value nobody will ever send.
func wait() error {
	errc := make(chan error, 1)
	return <-errc // want "receive blocks forever: errc is empty here"
}

// Filling a queue, then ranging without closing it.
func drainAll(items []string, handle func(string)) {
	q := make(chan string, 8)
	for _, it := range items[:1] {
		q <- it
	}
	for it := range q { // want "range over q never ends"
		handle(it)
	}
}
