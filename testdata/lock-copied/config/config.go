// Lazily computed configuration: a copied Once runs again, a copied atomic counts alone.
package config

import (
	"sync"
	"sync/atomic"
)

type Config struct {
	once   sync.Once
	parsed map[string]string
	raw    string
}

func (c *Config) Get(key string) string {
	c.once.Do(c.parse)
	return c.parsed[key]
}

func (c *Config) parse() { c.parsed = map[string]string{"raw": c.raw} }

// Clone copies the Once (maybe mid-Do) along with everything else.
func (c *Config) Clone() *Config {
	out := *c // want `assignment copies Config, which contains sync\.Once \(field once\)`
	return &out
}

type Stats struct {
	hits atomic.Uint64
}

func report(s Stats) uint64 { // want `parameter s of report is passed by value: it receives a copy of Stats, which contains atomic\.Uint64 \(field hits\)`
	return s.hits.Load()
}

type noCopy struct{}

func (*noCopy) Lock()   {}
func (*noCopy) Unlock() {}

// Handle must not be copied; the marker makes the copy visible.
type Handle struct {
	noCopy noCopy
	fd     int
}

func (h Handle) FD() int { return h.fd } // want `value receiver: each call works on a copy of Handle, which contains noCopy \(field noCopy\)`
