package vetparity

// The cases of go vet's lostcancel test suite, with the same verdicts (a blank assignment
// `_ = cancel` counts as a deliberate use here, as in vet).

import (
	"context"
	"log"
	"os"
	"testing"
	"time"
)

var bg = context.Background()

func _() {
	var _, cancel = context.WithCancel(bg) // want `cancel is not called on every path`
	if false {
		_ = cancel
	}
}

func _() {
	_, cancel2 := context.WithDeadline(bg, time.Time{}) // want `cancel2 is not called on every path`
	if false {
		_ = cancel2
	}
}

func _() {
	var cancel3 func()
	_, cancel3 = context.WithTimeout(bg, 0) // want `cancel3 is not called on every path`
	if false {
		_ = cancel3
	}
}

func _() {
	ctx, _ := context.WithCancel(bg)               // want `cancel function of context.WithCancel is discarded`
	ctx, _ = context.WithTimeout(bg, 0)            // want `cancel function of context.WithTimeout is discarded`
	ctx, _ = context.WithDeadline(bg, time.Time{}) // want `cancel function of context.WithDeadline is discarded`
	_ = ctx
}

func _() {
	_, cancel := context.WithCancel(bg)
	defer cancel() // ok
}

func _() {
	_, cancel := context.WithCancel(bg) // want `cancel is not called on every path`
	if condition {
		cancel()
	}
	return
}

func _() {
	_, cancel := context.WithCancel(bg)
	if condition {
		cancel()
	} else {
		// ok: infinite loop
		for {
			print(0)
		}
	}
}

func _() {
	_, cancel := context.WithCancel(bg) // want `cancel is not called on every path`
	if condition {
		cancel()
	} else {
		for i := 0; i < 10; i++ {
			print(0)
		}
	}
}

func _() {
	_, cancel := context.WithCancel(bg)
	// ok: used on all paths
	switch someInt {
	case 0:
		new(testing.T).FailNow()
	case 1:
		log.Fatal()
	case 2:
		cancel()
	case 3:
		print("hi")
		fallthrough
	default:
		os.Exit(1)
	}
}

func _() {
	_, cancel := context.WithCancel(bg) // want `cancel is not called on every path`
	switch someInt {
	case 0:
		new(testing.T).FailNow()
	case 1:
		log.Fatal()
	case 2:
		cancel()
	case 3:
		print("hi") // falls through to implicit return
	default:
		os.Exit(1)
	}
}

func _(ch chan int) {
	_, cancel := context.WithCancel(bg) // want `cancel is not called on every path`
	select {
	case <-ch:
		new(testing.T).FailNow()
	case ch <- 2:
		print("hi") // falls through to implicit return
	case ch <- 1:
		cancel()
	default:
		os.Exit(1)
	}
}

func _(ch chan int) {
	_, cancel := context.WithCancel(bg)
	// A blocking select must execute one of its cases.
	select {
	case <-ch:
		panic(0)
	}
	if false {
		_ = cancel
	}
}

func _() {
	go func() {
		ctx, cancel := context.WithCancel(bg) // want `cancel is not called on every path`
		if false {
			_ = cancel
		}
		print(ctx)
	}()
}

var condition bool
var someInt int

func _() {
	var x struct{ f func() }
	x.f()
}

func _() (ctx context.Context, cancel func()) {
	ctx, cancel = context.WithCancel(bg)
	return // a naked return counts as a load of the named result values
}

var _ = func() (ctx context.Context, cancel func()) {
	ctx, cancel = context.WithCancel(bg)
	return
}

func _() {
	var cancel func()

	func() {
		_, cancel = context.WithCancel(bg)
	}()

	cancel()
}

var cancel1 func()

func _() {
	// other uses of the package-level cancel1 may exist
	_, cancel1 = context.WithCancel(bg)
}
