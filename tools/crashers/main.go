// Command crashers makes a Go program fail in one chosen way, so that gohazard's tests can parse
// and diagnose real runtime output (crash logs, goroutine dumps, pprof profiles, race reports,
// GODEBUG traces) produced by the toolchain at hand. Usage: crashers <mode> [outdir].
// Every mode is deterministic in what it prints, not in goroutine ids or addresses.
package main

import (
	"fmt"
	"os"
	"sort"
	"time"
)

var modes = map[string]func(args []string){
	"map-writes":         mapWrites,
	"map-read-write":     mapReadWrite,
	"map-iteration":      mapIteration,
	"deadlock":           deadlock,
	"send-closed":        sendOnClosed,
	"close-closed":       closeOfClosed,
	"close-nil":          closeOfNil,
	"negative-waitgroup": negativeWaitGroup,
	"unlock-unlocked":    unlockOfUnlocked,
	"runlock-unlocked":   runlockOfUnlocked,
	"thread-exhaustion":  threadExhaustion,
	"dump-debug2":        func([]string) { leakDump(2) },
	"dump-debug1":        func([]string) { leakDump(1) },
	"dump-pprof":         func([]string) { leakDump(0) },
	"dump-growth":        dumpGrowth,
	"sigquit":            sigquit,
	"race":               races,
	"schedtrace-backlog": schedBacklog,
	"schedtrace-healthy": schedHealthy,
	"schedtrace-threads": schedThreads,
	"gctrace-growth":     gcGrowth,
	"gctrace-churn":      gcChurn,
	"gctrace-healthy":    gcHealthy,
}

func main() {
	if len(os.Args) < 2 || modes[os.Args[1]] == nil {
		names := make([]string, 0, len(modes))
		for n := range modes {
			names = append(names, n)
		}
		sort.Strings(names)
		fmt.Fprintf(os.Stderr, "usage: crashers <mode> [outdir]\nmodes: %v\n", names)
		os.Exit(64)
	}
	modes[os.Args[1]](os.Args[2:])
}

// giveUpAfter ends a best-effort crash mode (map races) that did not crash in time. Only those
// modes use it: a pending timer would stop the runtime from detecting a deadlock.
func giveUpAfter(d time.Duration) {
	go func() {
		time.Sleep(d)
		fmt.Fprintf(os.Stderr, "crashers: no crash within %v\n", d)
		os.Exit(3)
	}()
}
