// Request metrics copied in all the ways vet's copylocks knows.
package metrics

import (
	"fmt"
	"sync"
	"sync/atomic"
)

type Histogram struct {
	mu      sync.Mutex
	buckets []int
}

type Endpoint struct {
	Name  string
	Hist  Histogram
	calls atomic.Int64
}

func (h Histogram) Observe(v int) { // want `\(Histogram\)\.Observe has a value receiver: each call works on a copy of Histogram, which contains sync\.Mutex \(field mu\), so the lock excludes nobody`
	h.mu.Lock()
	defer h.mu.Unlock()
	h.buckets[v%len(h.buckets)]++
}

func merge(dst *Histogram, src Histogram) { // want `parameter src of merge is passed by value: it receives a copy of Histogram, which contains sync\.Mutex \(field mu\), and locks the copy`
	dst.mu.Lock()
	defer dst.mu.Unlock()
	for i, n := range src.buckets {
		dst.buckets[i] += n
	}
}

type Registry struct {
	mu        sync.RWMutex
	endpoints []Endpoint
}

func (r *Registry) Names() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	var out []string
	for _, e := range r.endpoints { // want `range variable e copies each Endpoint, which contains sync\.Mutex \(field Hist\.mu\)`
		out = append(out, e.Name)
	}
	return out
}

func (r *Registry) Get(i int) Endpoint {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.endpoints[i] // want `return copies Endpoint, which contains sync\.Mutex \(field Hist\.mu\): the caller gets a separate lock`
}

func (r *Registry) Dump() {
	r.mu.RLock()
	defer r.mu.RUnlock()
	for i := range r.endpoints {
		fmt.Printf("%v\n", r.endpoints[i]) // want `call of fmt\.Printf copies Endpoint, which contains sync\.Mutex`
	}
}

func (r *Registry) Snapshot(ep *Endpoint) Histogram {
	h := ep.Hist // want `assignment copies Histogram, which contains sync\.Mutex \(field mu\): the copy is a separate lock`
	return h
}

func (r *Registry) Add(ep *Endpoint) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.endpoints = append(r.endpoints, *ep) // want `call of append copies Endpoint`
}

type Pair struct {
	A, B Histogram
}

func pairOf(a *Histogram) Pair {
	return Pair{A: *a} // want `composite literal copies Histogram, which contains sync\.Mutex \(field mu\)`
}

var defaultEndpoint Endpoint

// A package-level template copied: its counter and lock come along.
func newEndpoint(name string) *Endpoint {
	e := defaultEndpoint // want `assignment copies Endpoint, which contains sync\.Mutex \(field Hist\.mu\)`
	e.Name = name
	return &e
}
