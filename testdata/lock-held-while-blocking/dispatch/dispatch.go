// An event bus whose publisher sends while holding the lock the subscriber loop needs.
package dispatch

import "sync"

type Event struct{ Name string }

type Bus struct {
	mu       sync.Mutex
	events   chan Event
	handlers map[string]func(Event)
	seen     int
}

func NewBus() *Bus {
	b := &Bus{events: make(chan Event), handlers: map[string]func(Event){}}
	go b.loop()
	return b
}

func (b *Bus) Publish(e Event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.seen++
	b.events <- e // want `send on b\.events while holding b\.mu \(locked at line 22\), but the goroutine on the other side \(\(\*Bus\)\.loop, line 39\) needs b\.mu to reach its receive: deadlock`
}

func (b *Bus) Subscribe(name string, h func(Event)) {
	b.mu.Lock()
	b.handlers[name] = h
	b.mu.Unlock()
}

func (b *Bus) loop() {
	for {
		b.mu.Lock()
		h := b.handlers
		b.mu.Unlock()
		e := <-b.events
		if f, ok := h[e.Name]; ok {
			f(e)
		}
	}
}

// Ping and pong exchange a token on an unbuffered channel, both under the same lock.
type Pair struct {
	mu   sync.Mutex
	ball chan int
}

func NewPair() *Pair { return &Pair{ball: make(chan int)} }

func (p *Pair) Ping() {
	p.mu.Lock()
	p.ball <- 1 // want `send on p\.ball while holding p\.mu .*\(\*Pair\)\.Pong.* deadlock`
	p.mu.Unlock()
}

func (p *Pair) Pong() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return <-p.ball // want `receive from p\.ball while holding p\.mu .*\(\*Pair\)\.Ping.* deadlock`
}
