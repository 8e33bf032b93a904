package server

import (
	"context"
	"log"
	"net"
	"sync"
	"time"
)

type Pool struct {
	jobs chan func()
	once sync.Once
}

// A fixed number of workers for the life of the pool: not one per unit of work.
func (p *Pool) Start(n int) {
	for i := 0; i < n; i++ {
		go func() {
			for {
				job := <-p.jobs
				job()
			}
		}()
	}
}

// Started once per pool, no matter how often it is called.
func (p *Pool) StartReaper() {
	p.once.Do(func() {
		go func() {
			for {
				time.Sleep(time.Minute)
			}
		}()
	})
}

// Each per-connection goroutine returns when the connection fails.
func serveConns(l net.Listener) {
	for {
		conn, err := l.Accept()
		if err != nil {
			return
		}
		go func() {
			buf := make([]byte, 512)
			for {
				if _, err := conn.Read(buf); err != nil {
					conn.Close()
					return
				}
			}
		}()
	}
}

// A per-message goroutine with a stop channel.
func dispatchStoppable(events <-chan int, stop <-chan struct{}) {
	for ev := range events {
		go func(ev int) {
			for {
				select {
				case <-stop:
					return
				case <-time.After(time.Second):
					log.Print(ev)
				}
			}
		}(ev)
	}
}

// A context is in scope and the goroutine ignores it: context-not-propagated reports this one.
func acceptWithCtx(ctx context.Context, l net.Listener) {
	for {
		conn, err := l.Accept()
		if err != nil {
			return
		}
		go func() {
			for {
				log.Print(conn.RemoteAddr())
				time.Sleep(time.Second)
			}
		}()
	}
}
