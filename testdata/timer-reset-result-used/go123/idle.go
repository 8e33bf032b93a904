package go123

// Go 1.23+ timer channels are synchronous: Reset's result is usable.

import "time"

func Pending(t *time.Timer, d time.Duration) bool {
	return t.Reset(d)
}
