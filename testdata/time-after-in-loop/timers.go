package afters

// time.After that cannot pile up timers: none may be reported.

import (
	"errors"
	"time"
)

// The timeout bounds the whole loop: made once.
func Collect(in <-chan int, d time.Duration) ([]int, error) {
	var out []int
	timeout := time.After(d)
	for {
		select {
		case v, ok := <-in:
			if !ok {
				return out, nil
			}
			out = append(out, v)
		case <-timeout:
			return out, errors.New("timed out")
		}
	}
}

// A select on the timer alone: each timer fires before the next is made.
func Pace(n int, step func()) {
	for i := 0; i < n; i++ {
		select {
		case <-time.After(100 * time.Millisecond):
			step()
		}
	}
}

// A plain receive is a sleep.
func Sleepy(n int, step func()) {
	for i := 0; i < n; i++ {
		<-time.After(time.Millisecond)
		step()
	}
}

// Outside any loop.
func Once(ch <-chan int) (int, bool) {
	select {
	case v := <-ch:
		return v, true
	case <-time.After(time.Second):
		return 0, false
	}
}

// A reused timer.
func Reuse(ch <-chan int, handle func(int)) {
	t := time.NewTimer(time.Second)
	defer t.Stop()
	for {
		select {
		case v := <-ch:
			handle(v)
		case <-t.C:
			return
		}
	}
}

// Lease renews its timer only after it fired: one live timer at a time.
func Lease(rpcs <-chan func(), check func() time.Duration, shutdown <-chan struct{}) {
	lease := time.After(time.Second)
	for {
		select {
		case rpc := <-rpcs:
			rpc()
		case <-lease:
			lease = time.After(check())
		case <-shutdown:
			return
		}
	}
}

