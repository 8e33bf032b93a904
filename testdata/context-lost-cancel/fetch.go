package client

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"time"
)

type Profile struct {
	Name string
}

// FetchProfile misses cancel on the two early returns: each failed request keeps its
// context (and timer) alive for the full five seconds.
func FetchProfile(ctx context.Context, c *http.Client, url string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second) // want `cancel is not called on every path: the context from context.WithTimeout is not released until the timeout fires`
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return "", err
	}
	resp, err := c.Do(req)
	if err != nil {
		return "", errors.New("profile service unavailable")
	}
	var p Profile
	err = json.NewDecoder(resp.Body).Decode(&p)
	resp.Body.Close()
	cancel()
	return p.Name, err
}

// Ping never calls cancel when the status is not OK.
func Ping(ctx context.Context, c *http.Client, url string) bool {
	pingCtx, stop := context.WithDeadline(ctx, time.Now().Add(time.Second)) // want `stop is not called on every path: the context from context.WithDeadline`
	req, _ := http.NewRequestWithContext(pingCtx, http.MethodHead, url, nil)
	resp, err := c.Do(req)
	if err != nil {
		stop()
		return false
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return false
	}
	stop()
	return true
}
