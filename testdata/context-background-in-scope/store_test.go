package store

// Tests build their own contexts: not reported.

import (
	"context"
	"testing"
)

func helper(ctx context.Context, t *testing.T) {
	t.Helper()
	_ = fetch(context.Background(), "test")
	_ = ctx
}
