package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
	"time"
)

type Store struct {
	db *sql.DB
}

// Name ignores the caller's ctx: the query keeps running after the caller gave up.
func (s *Store) Name(ctx context.Context, id int) (string, error) {
	var name string
	row := s.db.QueryRowContext(context.Background(), "SELECT name FROM users WHERE id = ?", id) // want `context.Background\(\) cuts cancellation: ctx is in scope here`
	err := row.Scan(&name)
	return name, err
}

// Rename derives its timeout from a fresh context instead of ctx.
func (s *Store) Rename(ctx context.Context, id int, name string) error {
	if name == "" {
		return nil
	}
	tctx, cancel := context.WithTimeout(context.TODO(), time.Second) // want `context.TODO\(\) cuts cancellation: ctx is in scope here`
	defer cancel()
	_, err := s.db.ExecContext(tctx, "UPDATE users SET name = ? WHERE id = ?", name, id)
	return err
}

// ServeHTTP queries with a fresh context: a client that disconnects does not stop it.
func (s *Store) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rows, err := s.db.QueryContext(context.Background(), "SELECT name FROM users") // want `context.Background\(\) in a request handler cuts cancellation: use r.Context\(\)`
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if rows.Scan(&n) == nil {
			names = append(names, n)
		}
	}
	json.NewEncoder(w).Encode(names)
}

// Each runs the callback synchronously: the closure still has ctx in scope.
func (s *Store) Each(ctx context.Context, ids []int, fn func(string)) {
	forEach(ids, func(id int) {
		if n, err := s.Name(context.Background(), id); err == nil { // want `context.Background\(\) cuts cancellation: ctx is in scope`
			fn(n)
		}
	})
}

func forEach(ids []int, f func(int)) {
	for _, id := range ids {
		f(id)
	}
}

// Worker holds the context of its lifetime; Flush ignores it.
type Worker struct {
	ctx   context.Context
	store *Store
}

func (w *Worker) Flush(id int) error {
	return w.store.Rename(context.Background(), id, "flushed") // want `context.Background\(\) cuts cancellation: the receiver holds w.ctx`
}

// Transport waits for the response with a fresh context: cancelling the request does not stop it.
type Transport struct {
	responses chan *http.Response
}

func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // want `context.Background\(\) cuts cancellation: req.Context\(\) is in scope here`
	defer cancel()
	select {
	case resp := <-t.responses:
		return resp, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
