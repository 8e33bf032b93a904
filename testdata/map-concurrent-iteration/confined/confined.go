// Package confined writes and ranges over its maps in one goroutine only.
package confined

import "time"

type Cleaner struct {
	stop chan struct{}
}

// Run owns the pending map: only this goroutine writes and walks it.
func (c *Cleaner) Run(in <-chan string, out chan<- []string) {
	go func() {
		pending := map[string]time.Time{}
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			select {
			case k := <-in:
				pending[k] = time.Now()
			case <-tick.C:
				var old []string
				for k, t := range pending {
					if time.Since(t) > time.Minute {
						old = append(old, k)
						delete(pending, k)
					}
				}
				out <- old
			case <-c.stop:
				return
			}
		}
	}()
}

// Invert builds and walks maps in the calling goroutine.
func Invert(m map[string]int) map[int]string {
	out := make(map[int]string, len(m))
	for k, v := range m {
		out[v] = k
	}
	return out
}
