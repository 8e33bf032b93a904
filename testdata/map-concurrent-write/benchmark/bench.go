// Package benchmark runs a user function in a goroutine it waits for before returning, so
// its exported methods never run beside that goroutine.
package benchmark

type B struct {
	N      int
	extra  map[string]float64
	fn     func(*B)
	signal chan bool
}

func New(fn func(*B)) *B {
	return &B{fn: fn, extra: map[string]float64{}, signal: make(chan bool)}
}

// Run starts the function and waits for it.
func (b *B) Run(n int) {
	go func() {
		defer func() { b.signal <- true }()
		b.N = n
		b.ResetMetrics()
		b.fn(b)
	}()
	<-b.signal
}

// ResetMetrics and ReportMetric are called by the benchmark function, in Run's goroutine.
func (b *B) ResetMetrics() {
	for k := range b.extra {
		delete(b.extra, k)
	}
}

func (b *B) ReportMetric(v float64, unit string) {
	b.extra[unit] = v
}
