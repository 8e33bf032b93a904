package ticks

// time.Tick where it is meant to be used: loops that never return, channels handed to an
// owner, tests and main. None may be reported.

import (
	"log"
	"time"
)

// Reporter runs for the life of the process.
func Reporter(stats func() int) {
	for range time.Tick(time.Minute) {
		log.Printf("stats: %d", stats())
	}
}

// Start runs its loop in a goroutine that never returns.
func Start(flush func()) {
	go func() {
		for range time.Tick(time.Second) {
			flush()
		}
	}()
}

// Clock hands the channel to its caller.
func Clock(d time.Duration) <-chan time.Time {
	return time.Tick(d)
}

// Limiter keeps the channel as its own for its lifetime.
type Limiter struct {
	tokens <-chan time.Time
}

func NewLimiter(every time.Duration) *Limiter {
	return &Limiter{tokens: time.Tick(every)}
}

func (l *Limiter) Wait() { <-l.tokens }

var global = time.Tick(time.Hour)

// The goroutine reading the channel runs until the process ends.
func Pump(out chan<- time.Time) {
	tick := time.Tick(time.Second)
	go func() {
		for t := range tick {
			out <- t
		}
	}()
}

// Seed S003-7: a timer used as a sleep inside an endless tick loop. The loop never returns
// (no leak), and the timer fires and is collected.
func Interfere() {
	for range time.Tick(time.Millisecond) {
		t := time.NewTimer(5 * time.Second)
		<-t.C
	}
}
