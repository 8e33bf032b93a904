package safe

import (
	"log"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Every access atomic: the writer sleeps then stores, the reader polls with loads.
var x int64

func Poll() {
	done := make(chan bool)
	go func() {
		time.Sleep(time.Second)
		atomic.StoreInt64(&x, 1)
	}()
	go func() {
		for i := 0; i < 10000000; i++ {
			if atomic.LoadInt64(&x) == 1 {
				break
			}
		}
		done <- true
	}()
	<-done
}

// The counter is set before the goroutines start and read after they are joined.
func Count(urls []string) int64 {
	var ok int64
	ok = 0
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func(u string) {
			defer wg.Done()
			if resp, err := http.Get(u); err == nil {
				resp.Body.Close()
				atomic.AddInt64(&ok, 1)
			}
		}(u)
	}
	wg.Wait()
	return ok
}

// Typed atomics cannot be accessed plainly.
type Stats struct {
	requests atomic.Uint64
}

func (s *Stats) Hit()          { s.requests.Add(1) }
func (s *Stats) Value() uint64 { return s.requests.Load() }

// Plain reads under the lock that every atomic writer holds.
type Gauge struct {
	mu    sync.Mutex
	value int64
}

func (g *Gauge) Set(v int64) {
	g.mu.Lock()
	atomic.StoreInt64(&g.value, v)
	g.mu.Unlock()
}

func (g *Gauge) Fast() int64 { return atomic.LoadInt64(&g.value) }

func (g *Gauge) Log() {
	g.mu.Lock()
	defer g.mu.Unlock()
	log.Printf("gauge=%d", g.value)
}

// A fresh value is initialised plainly before anyone else can see it.
type Conn struct{ refs int32 }

func NewConn() *Conn {
	c := &Conn{}
	c.refs = 1
	return c
}

func (c *Conn) Retain()  { atomic.AddInt32(&c.refs, 1) }
func (c *Conn) Release() { atomic.AddInt32(&c.refs, -1) }
