// Seed 003, §2.4: "os" was not imported and runtime/metrics was imported but
// unused; those two import lines are the only changes.
package observe

import (
	"net/http"
	_ "net/http/pprof" // 启用 /debug/pprof
	"os"
	"runtime/trace"
)

func startObservability() {
	go func() { http.ListenAndServe("localhost:6060", nil) }() // pprof endpoint
	f, _ := os.Create("trace.out")
	trace.Start(f)
	defer trace.Stop()
}
