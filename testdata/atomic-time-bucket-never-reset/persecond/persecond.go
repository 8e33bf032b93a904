package persecond

import (
	"sync/atomic"
	"time"
)

// Requests per second over the last minute, for a dashboard.
var perSecond [60]uint64

func Record() {
	atomic.AddUint64(&perSecond[time.Now().Second()], 1) // want `time-bucketed counter perSecond is only ever added to: slots are never reset`
}

func LastSecond() uint64 {
	s := (time.Now().Second() + 59) % 60
	return atomic.LoadUint64(&perSecond[s])
}
