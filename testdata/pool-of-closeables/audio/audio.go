package audio

import (
	"sync"
	"sync/atomic"
)

type device struct{ handle uintptr }

func openDevice() *device      { return &device{handle: 1} }
func (d *device) close() error { d.handle = 0; return nil }

// Player owns an audio device until Close.
type Player struct {
	dev *device
	buf []float32
}

func NewPlayer() *Player { return &Player{dev: openDevice(), buf: make([]float32, 4096)} }

func (p *Player) Close() error { return p.dev.close() }

// PlayerPool "pre-allocates players" and counts them.
type PlayerPool struct {
	pool   sync.Pool
	active atomic.Int64
}

func NewPlayerPool() *PlayerPool {
	pp := &PlayerPool{}
	pp.pool.New = func() any { // want `pool holds Player, which needs Close\(\): sync.Pool drops idle objects at any GC without calling Close`
		pp.active.Add(1)
		return NewPlayer()
	}
	return pp
}

func (pp *PlayerPool) Get() *Player  { return pp.pool.Get().(*Player) }
func (pp *PlayerPool) Put(p *Player) { pp.pool.Put(p) }
