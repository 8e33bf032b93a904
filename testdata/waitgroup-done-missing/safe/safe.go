// Done deferred, Done per item, and Done on every path.
package safe

import (
	"errors"
	"sync"
)

type Order struct{ ID, Qty int }

func ReserveAll(orders []Order, reserve func(Order) error) []error {
	var wg sync.WaitGroup
	errs := make([]error, len(orders))
	for i, o := range orders {
		wg.Add(1)
		go func(i int, o Order) {
			defer wg.Done()
			if o.Qty <= 0 {
				errs[i] = errors.New("empty order")
				return
			}
			errs[i] = reserve(o)
		}(i, o)
	}
	wg.Wait()
	return errs
}

// Drain calls Done once per order it consumes; the producer adds per order.
func Drain(in <-chan Order, wg *sync.WaitGroup, handle func(Order)) {
	go func() {
		for {
			o, ok := <-in
			if !ok {
				return
			}
			handle(o)
			wg.Done()
		}
	}()
}

func Explicit(o Order, reserve func(Order) error) error {
	var wg sync.WaitGroup
	var err error
	wg.Add(1)
	go func() {
		if o.Qty <= 0 {
			err = errors.New("empty order")
			wg.Done()
			return
		}
		err = reserve(o)
		wg.Done()
	}()
	wg.Wait()
	return err
}
