// Package owner keeps a map that only one goroutine touches; everybody else sends it
// requests over a channel.
package owner

type op struct {
	key   string
	delta int
	reply chan int
}

type Counter struct {
	ops    chan op
	counts map[string]int
}

func NewCounter() *Counter {
	c := &Counter{ops: make(chan op), counts: make(map[string]int)}
	go c.loop()
	return c
}

// loop is the only code that reads or writes c.counts.
func (c *Counter) loop() {
	for o := range c.ops {
		c.counts[o.key] += o.delta
		o.reply <- c.counts[o.key]
	}
}

func (c *Counter) Add(key string, delta int) int {
	reply := make(chan int)
	c.ops <- op{key: key, delta: delta, reply: reply}
	return <-reply
}

// Aggregate owns a local map inside a single goroutine and publishes a copy when done.
func Aggregate(events <-chan string, out chan<- map[string]int) {
	go func() {
		seen := make(map[string]int)
		for e := range events {
			seen[e]++
		}
		out <- seen
	}()
}
