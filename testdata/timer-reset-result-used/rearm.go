package resets

// Reset called as a statement after Stop and drain: nothing to report.

import "time"

func Rearm(t *time.Timer, d time.Duration) {
	if !t.Stop() {
		select {
		case <-t.C:
		default:
		}
	}
	t.Reset(d)
}

// Ticker.Reset has no result; other types' Reset methods are not timers.
type counter struct{ n int }

func (c *counter) Reset(n int) bool { c.n = n; return true }

func Restart(tk *time.Ticker, c *counter, d time.Duration) bool {
	tk.Reset(d)
	return c.Reset(0)
}
