package poller

import (
	"context"
	"log"
	"time"
)

type Source interface {
	Poll(ctx context.Context) ([]string, error)
}

// Run skips cancel on the `continue` path: every failed poll leaves a context (and its
// timer) behind until the timeout fires.
func Run(ctx context.Context, src Source, out chan<- string) {
	for {
		pollCtx, cancel := context.WithTimeout(ctx, 2*time.Second) // want `cancel is overwritten by the next iteration before it is called`
		items, err := src.Poll(pollCtx)
		if err != nil {
			log.Printf("poll: %v", err)
			time.Sleep(time.Second)
			continue
		}
		cancel()
		for _, it := range items {
			select {
			case out <- it:
			case <-ctx.Done():
				return
			}
		}
	}
}

// Session keeps the cancel in a field that nothing ever calls.
type Session struct {
	ctx    context.Context
	cancel context.CancelFunc
	id     string
}

func NewSession(parent context.Context, id string) *Session {
	s := &Session{id: id}
	s.ctx, s.cancel = context.WithCancel(parent) // want `the cancel function of context.WithCancel is stored in Session.cancel, which nothing in this package ever calls`
	return s
}

func (s *Session) Context() context.Context { return s.ctx }

// Job copies the cancel into a field that is never called either.
type Job struct {
	stop func()
	name string
}

func StartJob(parent context.Context, name string, work func(context.Context)) *Job {
	ctx, cancel := context.WithCancel(parent) // want `the cancel function of context.WithCancel is stored in Job.stop, which nothing in this package ever calls`
	go work(ctx)
	return &Job{stop: cancel, name: name}
}
