package config

import "sync/atomic"

type Config struct {
	Backends []string
	Weights  map[string]int
}

var current atomic.Value // *Config

func Current() *Config { return current.Load().(*Config) }

// AddBackend is called by every service-discovery watcher goroutine.
func AddBackend(addr string, weight int) {
	old := current.Load().(*Config)
	next := &Config{Backends: append([]string(nil), old.Backends...), Weights: map[string]int{}}
	for k, v := range old.Weights {
		next.Weights[k] = v
	}
	next.Backends = append(next.Backends, addr)
	next.Weights[addr] = weight
	current.Store(next) // want `copy-on-write update of current without CompareAndSwap or a writer lock`
}
