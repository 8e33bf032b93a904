package collector

// Declared without make: the workers block on their first send.
func collect(n int, work func(int) int) int {
	var results chan int
	for i := 0; i < n; i++ {
		go func(i int) {
			results <- work(i) // want "send on nil channel blocks forever: results is never assigned a channel \\(declared at line 5\\)"
		}(i)
	}
	sum := 0
	for i := 0; i < n; i++ {
		sum += <-results // want "receive from nil channel blocks forever: results"
	}
	return sum
}

// A package-level channel nobody ever makes.
var events chan string

func Publish(e string) {
	events <- e // want "send on nil channel blocks forever: events is never assigned a channel \\(declared at line 19\\)"
}

func consume(handle func(string)) {
	for e := range events { // want "range over nil channel blocks forever: events"
		handle(e)
	}
}

// Closing the zero value panics.
func shutdown() {
	var stop chan struct{}
	defer close(stop) // want "close of nil channel panics: stop is never assigned a channel"
}
