// Package crawler fetches pages with an errgroup; the callbacks run concurrently.
package crawler

import (
	"context"
	"io"
	"net/http"

	"golang.org/x/sync/errgroup"
)

func fetch(ctx context.Context, url string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	return int(n), err
}

// Sizes records each page size straight into the shared map from the callbacks.
func Sizes(ctx context.Context, urls []string) (map[string]int, error) {
	sizes := make(map[string]int)
	g, ctx := errgroup.WithContext(ctx)
	for _, u := range urls {
		u := u
		g.Go(func() error {
			n, err := fetch(ctx, u)
			if err != nil {
				return err
			}
			sizes[u] = n // want `concurrent map writes: sizes is written by goroutines that run at the same time`
			return nil
		})
	}
	return sizes, g.Wait()
}

// SizesJoined gives every callback its own slot and fills the map after g.Wait.
func SizesJoined(ctx context.Context, urls []string) (map[string]int, error) {
	got := make([]int, len(urls))
	g, ctx := errgroup.WithContext(ctx)
	for i, u := range urls {
		i, u := i, u
		g.Go(func() error {
			n, err := fetch(ctx, u)
			got[i] = n
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	sizes := make(map[string]int, len(urls))
	for i, u := range urls {
		sizes[u] = got[i]
	}
	return sizes, nil
}
