// Semaphores released on every path, by defer, by a worker, or by the consumer.
package safe

import (
	"context"

	"golang.org/x/sync/semaphore"
)

type Job struct{ ID int }

type Pool struct {
	sem *semaphore.Weighted
}

func (p *Pool) Run(ctx context.Context, jobs []Job, do func(Job)) error {
	for _, j := range jobs {
		if err := p.sem.Acquire(ctx, 1); err != nil {
			return err
		}
		go func(j Job) {
			defer p.sem.Release(1)
			do(j)
		}(j)
	}
	return nil
}

func (p *Pool) Once(ctx context.Context, j Job, do func(Job)) error {
	if err := p.sem.Acquire(ctx, 1); err != nil {
		return err
	}
	defer p.sem.Release(1)
	do(j)
	return nil
}

var (
	gate  = semaphore.NewWeighted(8)
	queue = make(chan Job, 64)
)

func Offer(j Job) bool {
	if !gate.TryAcquire(1) {
		return false
	}
	select {
	case queue <- j:
		return true // the consumer releases the permit
	default:
		gate.Release(1)
		return false
	}
}

func Consume(handle func(Job)) {
	for j := range queue {
		handle(j)
		gate.Release(1)
	}
}
