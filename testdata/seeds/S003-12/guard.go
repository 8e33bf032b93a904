// Seed 003, §4.4: the method as written, with the fields and the health check
// it uses declared.
package guard

import "time"

type HungerGuard struct {
	shutdownCh chan struct{}
}

func (m *HungerGuard) checkGoroutineHealth() {}

func (m *HungerGuard) monitorLoop() {
	ticker := time.NewTicker(100 * time.Millisecond)
	defer ticker.Stop()
	for {
		select {
		case <-ticker.C:
			m.checkGoroutineHealth() // 采集 runtime.NumGoroutine(), pprof.Lookup("goroutine").WriteTo(...)
		case <-m.shutdownCh:
			return
		}
	}
}
