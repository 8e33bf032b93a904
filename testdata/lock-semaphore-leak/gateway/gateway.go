// An ingestion gateway that bounds in-flight work with a weighted semaphore.
package gateway

import (
	"context"
	"errors"

	"golang.org/x/sync/semaphore"
)

type Event struct{ ID int }

var (
	offers = semaphore.NewWeighted(16)
	queue  = make(chan Event, 512)
)

// Offer takes a permit that nothing ever gives back.
func Offer(evt Event) bool {
	if offers.TryAcquire(1) { // want "offers.TryAcquire takes a permit that is never released"
		select {
		case queue <- evt:
			return true
		default:
		}
	}
	return false
}

type Uploader struct {
	sem *semaphore.Weighted
}

var errTooBig = errors.New("upload too big")

// Upload releases on the happy path but forgets the size check.
func (u *Uploader) Upload(ctx context.Context, data []byte) error {
	if err := u.sem.Acquire(ctx, 1); err != nil {
		return err
	}
	if len(data) > 1<<20 {
		return errTooBig // want "returns holding the permit u.sem.Acquire took"
	}
	store(data)
	u.sem.Release(1)
	return nil
}

func store([]byte) {}
