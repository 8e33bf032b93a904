// Package pipeline runs work items through a bounded pool of workers and collects results.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"
)

// Result is what a worker produces for one item.
type Result[T any] struct {
	Item  T             `json:"item"`
	Value float64       `json:"value,omitempty"`
	Took  time.Duration `json:"took"`
	Err   error         `json:"-"`
}

// Number is any type a stage can sum.
type Number interface {
	~int | ~int64 | ~float64
}

type stage[In, Out any] func(context.Context, In) (Out, error)

// Pool runs a stage on many items with at most Size goroutines.
type Pool[In, Out any] struct {
	Size    int
	Timeout time.Duration

	mu      sync.Mutex
	results map[int]Result[Out]
	run     stage[In, Out]
}

var ErrClosed = errors.New("pipeline: closed")

const (
	stateIdle = iota
	stateRunning
	stateDone
)

// New makes a pool; a size below one means one worker.
func New[In, Out any](size int, run func(context.Context, In) (Out, error)) *Pool[In, Out] {
	if size < 1 {
		size = 1
	}
	return &Pool[In, Out]{Size: size, results: make(map[int]Result[Out]), run: run}
}

// Run feeds items to the workers and waits for all of them.
func (p *Pool[In, Out]) Run(ctx context.Context, items []In) ([]Result[Out], error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < p.Size; w++ {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			for i := range jobs {
				start := time.Now()
				out, err := p.run(ctx, items[i])
				p.mu.Lock()
				p.results[i] = Result[Out]{Item: out, Took: time.Since(start), Err: err}
				p.mu.Unlock()
			}
		}(w)
	}

feed:
	for i := range items {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()

	keys := make([]int, 0, len(p.results))
	for k := range p.results {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	out := make([]Result[Out], len(keys))
	for j, k := range keys {
		out[j] = p.results[k]
	}
	return out, ctx.Err()
}

// Sum adds up the values of successful results.
func Sum[N Number](xs ...N) (total N) {
	for _, x := range xs {
		total += x
	}
	return
}

func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "nil"
	case fmt.Stringer:
		return x.String()
	case int, int64:
		return fmt.Sprintf("%d", x)
	default:
		return fmt.Sprintf("%v", x)
	}
}

func retry(ctx context.Context, n int, f func() error) (err error) {
	t := time.NewTicker(10 * time.Millisecond)
	defer t.Stop()
	for attempt := 0; attempt < n; attempt++ {
		if err = f(); err == nil || errors.Is(err, ErrClosed) {
			return err
		}
		select {
		case <-t.C:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return fmt.Errorf("after %d attempts: %w", n, err)
}

var table = map[string][]struct {
	name string
	bits uint8
}{
	"small": {{"a", 1 << 2}, {"b", 0x1f &^ 3}},
	"large": {{name: "c", bits: 0b1010_1010}},
}
