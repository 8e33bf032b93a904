package hang

import (
	"os"
	"sync"
	"testing"
)

// TestHang times out on purpose (run with CRASHERS_HANG=1 and a short -timeout).
func TestHang(t *testing.T) {
	if os.Getenv("CRASHERS_HANG") == "" {
		t.Skip("set CRASHERS_HANG=1 to run the hanging test")
	}
	jobs := make(chan int)
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go Worker(jobs, &wg)
	}
	jobs <- 1
	wg.Wait() // jobs is never closed: hangs
}
