// Inputs a visitor can load with one click: a Go program with a map race, and real runtime
// artifacts captured from Go programs (the same files the tests use).

import crashLog from '../examples/crash.log?raw';
import deadlock from '../testdata/artifacts/crash/deadlock-lock-cycle.txt?raw';
import gcGrowth from '../testdata/artifacts/gctrace/growth.txt?raw';
import goroutineDump from '../testdata/artifacts/goroutine-dump/leaks-debug2.txt?raw';
import raceReport from '../testdata/artifacts/race/races.txt?raw';
import schedBacklog from '../testdata/artifacts/schedtrace/backlog.txt?raw';

export const MAP_RACE = `package main

import (
	"fmt"
	"net/http"
)

// hits counts requests per path. Every request runs in its own goroutine,
// so the handler writes this map concurrently without a lock.
var hits = map[string]int{}

func count(w http.ResponseWriter, r *http.Request) {
	hits[r.URL.Path]++
	fmt.Fprintf(w, "%d\\n", hits[r.URL.Path])
}

func main() {
	http.HandleFunc("/", count)
	http.ListenAndServe(":8080", nil)
}
`;

export interface Sample {
  id: string;
  label: string;
  name: string;
  text: string;
}

export const SAMPLES: readonly Sample[] = [
  { id: 'map-race', label: 'Go: map written by every HTTP request', name: 'main.go', text: MAP_RACE },
  { id: 'crash-log', label: 'Crash log: concurrent map writes', name: 'crash.log', text: crashLog },
  { id: 'deadlock', label: 'Crash: all goroutines are asleep (deadlock)', name: 'deadlock.txt', text: deadlock },
  { id: 'goroutine-dump', label: 'Goroutine dump with a leak (debug=2)', name: 'goroutines.txt', text: goroutineDump },
  { id: 'race', label: 'Race detector report', name: 'race.txt', text: raceReport },
  { id: 'schedtrace', label: 'schedtrace: run-queue backlog', name: 'schedtrace.txt', text: schedBacklog },
  { id: 'gctrace', label: 'gctrace: growing heap', name: 'gctrace.txt', text: gcGrowth },
];
