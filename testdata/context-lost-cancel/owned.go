package owned

// Every function here hands the cancel function on or calls it on every path: the patterns
// behind vet lostcancel's and gosec G118's false-positive reports. Nothing may be reported.

import (
	"context"
	"errors"
	"log"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"time"
)

// Middleware is seed case 29: WithCancel of the request context with a deferred cancel.
func Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithCancel(r.Context())
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// Server stores cancel in a field; Close calls it.
type Server struct {
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

func (s *Server) Start(parent context.Context, serve func(context.Context)) {
	ctx, cancel := context.WithCancel(parent)
	s.cancel = cancel
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		serve(ctx)
	}()
}

func (s *Server) Close() {
	s.cancel()
	s.wg.Wait()
}

// Pool stores cancel through a composite literal; Stop calls it.
type Pool struct {
	ctx  context.Context
	stop context.CancelFunc
}

func NewPool(parent context.Context) *Pool {
	ctx, cancel := context.WithCancel(parent)
	return &Pool{ctx: ctx, stop: cancel}
}

func (p *Pool) Stop() { p.stop() }

// WithDeadline returns the cancel to the caller.
func WithDeadline(parent context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(parent, d)
	return ctx, cancel
}

// Derive uses named results and a bare return.
func Derive(parent context.Context) (ctx context.Context, cancel context.CancelFunc) {
	ctx, cancel = context.WithCancel(parent)
	return
}

// Watch passes cancel to a goroutine that calls it.
func Watch(parent context.Context, done <-chan struct{}) context.Context {
	ctx, cancel := context.WithCancel(parent)
	go func() {
		defer cancel()
		<-done
	}()
	return ctx
}

// Handoff passes cancel to a helper that owns it.
func Handoff(parent context.Context, owner func(context.CancelFunc)) context.Context {
	ctx, cancel := context.WithCancel(parent)
	owner(cancel)
	return ctx
}

// DeferredClosure calls cancel in a deferred closure, only when the caller does not keep ctx.
func DeferredClosure(parent context.Context, keep bool) (ctx context.Context, err error) {
	ctx, cancel := context.WithTimeout(parent, time.Second)
	defer func() {
		if err != nil || !keep {
			cancel()
		}
	}()
	if parent.Err() != nil {
		return nil, errors.New("parent done")
	}
	return ctx, nil
}

// Alias assigns cancel to another variable that is called later.
func Alias(parent context.Context, work func(context.Context) error) error {
	ctx, cancel := context.WithCancel(parent)
	stop := cancel
	if err := work(ctx); err != nil {
		stop()
		return err
	}
	stop()
	return nil
}

// Cleanup wraps cancel in a closure that is deferred.
func Cleanup(parent context.Context, work func(context.Context)) {
	ctx, cancel := context.WithTimeout(parent, time.Minute)
	cleanup := func() {
		cancel()
		log.Print("done")
	}
	defer cleanup()
	work(ctx)
}

// Branches assigns the cancel on two branches and defers it once.
func Branches(parent context.Context, timeout time.Duration, work func(context.Context)) {
	var ctx context.Context
	var cancel context.CancelFunc
	if timeout > 0 {
		ctx, cancel = context.WithTimeout(parent, timeout)
	} else {
		ctx, cancel = context.WithCancel(parent)
	}
	defer cancel()
	work(ctx)
}

// Fatal paths end the process: no leak.
func Fatal(parent context.Context, work func(context.Context) error) {
	ctx, cancel := context.WithTimeout(parent, time.Second)
	if err := work(ctx); err != nil {
		log.Fatalf("work: %v", err)
	}
	cancel()
}

// Panics are not returns.
func MustWork(parent context.Context, work func(context.Context) error) {
	ctx, cancel := context.WithTimeout(parent, time.Second)
	if err := work(ctx); err != nil {
		panic(err)
	}
	cancel()
}

// Retry cancels every iteration's context before the next one.
func Retry(parent context.Context, attempts int, work func(context.Context) error) error {
	var err error
	for i := 0; i < attempts; i++ {
		ctx, cancel := context.WithTimeout(parent, time.Second)
		err = work(ctx)
		cancel()
		if err == nil {
			return nil
		}
	}
	return err
}

// Signals derives a context cancelled by SIGINT and stops the notification on return.
func Signals(parent context.Context, run func(context.Context) error) error {
	ctx, stop := signal.NotifyContext(parent, os.Interrupt)
	defer stop()
	return run(ctx)
}

// Explicit drops the cancel on purpose with a blank assignment.
func Explicit(parent context.Context) context.Context {
	ctx, cancel := context.WithCancel(parent)
	_ = cancel // the parent is request-scoped and ends soon
	return ctx
}

// guard calls the cancel it holds through a field, in a deferred closure (gosec G118 reports).
type guard struct {
	cancel context.CancelFunc
	name   string
}

func Guarded(parent context.Context, work func(context.Context)) {
	ctx, cancel := context.WithCancel(parent)
	g := guard{cancel: cancel, name: "work"}
	defer func() { g.cancel() }()
	work(ctx)
}

// Fanout collects the cancels and calls them all when it returns.
func Fanout(parent context.Context, n int, work func(context.Context)) {
	var cancels []context.CancelFunc
	defer func() {
		for _, c := range cancels {
			c()
		}
	}()
	for i := 0; i < n; i++ {
		ctx, cancel := context.WithCancel(parent)
		cancels = append(cancels, cancel)
		go work(ctx)
	}
}
