package store

// Fresh contexts that are deliberate: none of these may be reported.

import (
	"context"
	"log"
	"net/http"
	"sync"
	"time"
)

// Audit writes the record in a goroutine that must outlive the request.
func (s *Store) Audit(ctx context.Context, id int) {
	go func() {
		c, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		s.db.ExecContext(c, "INSERT INTO audit VALUES (?)", id)
	}()
}

// Lookup falls back to Background when the caller passed nil.
func Lookup(ctx context.Context, key string) string {
	if ctx == nil {
		ctx = context.Background()
	}
	return fetch(ctx, key)
}

// Cancelled uses a fresh context for the rollback because ctx is already done.
func (s *Store) Cancelled(ctx context.Context) {
	select {
	case <-ctx.Done():
		c, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		s.db.ExecContext(c, "ROLLBACK")
	default:
	}
}

// Finish flushes on the way out, whatever happened to ctx.
func (s *Store) Finish(ctx context.Context, srv *http.Server) {
	defer srv.Shutdown(context.Background())
	fetch(ctx, "x")
}

// Commit documents why it does not use ctx.
func (s *Store) Commit(ctx context.Context) error {
	// the commit must complete even if the caller goes away
	_, err := s.db.ExecContext(context.Background(), "COMMIT")
	return err
}

// Server owns a context of its own lifetime, created with a fresh root.
type Server struct {
	base   context.Context
	cancel context.CancelFunc
}

func (sv *Server) Listen(ctx context.Context, addr string) error {
	sv.base, sv.cancel = context.WithCancel(context.Background())
	return serve(ctx, addr)
}

// Close ends the server's own context: a lifecycle method may start from a fresh one.
func (w *Worker) Close() error {
	return w.store.Rename(context.Background(), 0, "closed")
}

// Default returns a context for callers that have none.
func Default(ctx context.Context) context.Context {
	if d, ok := ctx.Deadline(); ok && time.Until(d) > 0 {
		return ctx
	}
	return context.Background()
}

// NoContext has no context in scope at all.
func NoContext(key string) string {
	return fetch(context.Background(), key)
}

var defaultCtx = context.Background()

func init() {
	log.Print(fetch(context.TODO(), "warmup"))
}

func fetch(ctx context.Context, key string) string { _ = ctx; return key }

func serve(ctx context.Context, addr string) error { _ = ctx; _ = addr; return nil }

// Tx keeps the context it was begun with.
type Tx struct {
	ctx context.Context
}

// Exec is the API without a context: it delegates with a fresh one, by design.
func (tx *Tx) Exec(query string) error {
	return tx.ExecContext(context.Background(), query)
}

func (tx *Tx) ExecContext(ctx context.Context, query string) error { _ = ctx; _ = query; return nil }

// Ping uses context.Background internally; to specify the context, use PingContext.
func (tx *Tx) Ping() error {
	return tx.ExecContext(context.Background(), "SELECT 1")
}

// Spawn starts a worker whose lifetime the caller controls through the returned cancel.
func Spawn(ctx context.Context, work func(context.Context)) context.CancelFunc {
	wctx, cancel := context.WithCancel(context.Background())
	go work(wctx)
	return cancel
}

// Proxy cancels the outgoing request itself when the client goes away.
func Proxy(w http.ResponseWriter, r *http.Request, clientGone <-chan struct{}, send func(*http.Request)) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-clientGone:
			cancel()
		case <-ctx.Done():
		}
	}()
	send(r.WithContext(ctx))
}

// The shared connection is set up once for every later caller: not the first caller's ctx.
type Pool struct {
	once sync.Once
	conn string
}

func (p *Pool) Conn(ctx context.Context) string {
	p.once.Do(func() {
		p.conn = fetch(context.Background(), "dial")
	})
	return p.conn
}
