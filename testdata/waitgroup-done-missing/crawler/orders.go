// An order service that reserves stock for each order concurrently.
package crawler

import (
	"context"
	"errors"
	"sync"
)

type Order struct{ ID, Qty int }

type Service struct {
	reserve func(context.Context, Order) error
	wg      sync.WaitGroup
}

func (s *Service) ReserveAll(ctx context.Context, orders []Order) []error {
	var wg sync.WaitGroup
	errs := make([]error, len(orders))
	for i, o := range orders {
		wg.Add(1)
		go func(i int, o Order) {
			if o.Qty <= 0 {
				errs[i] = errors.New("empty order")
				return // want "the goroutine returns here without wg.Done\\(\\)"
			}
			if ctx.Err() != nil {
				errs[i] = ctx.Err()
				return // want "the goroutine returns here without wg.Done\\(\\)"
			}
			errs[i] = s.reserve(ctx, o)
			wg.Done()
		}(i, o)
	}
	wg.Wait()
	return errs
}

func (s *Service) audit(ctx context.Context, o Order) {
	if o.ID == 0 {
		return // want "the goroutine returns here without s.wg.Done\\(\\)"
	}
	_ = s.reserve(ctx, o)
	s.wg.Done()
}

func (s *Service) Audit(ctx context.Context, o Order) {
	s.wg.Add(1)
	go s.audit(ctx, o)
}
