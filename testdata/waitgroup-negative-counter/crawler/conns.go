// A connection pool closing its connections concurrently.
package crawler

import "sync"

type Conn struct{ id int }

func (c *Conn) Close() error { return nil }

func CloseAll(conns []*Conn) {
	var wg sync.WaitGroup
	for _, c := range conns {
		wg.Add(1)
		go func(c *Conn) {
			defer wg.Done()
			if c == nil {
				wg.Done() // want "wg.Done\\(\\) here and the wg.Done\\(\\) deferred at line 15 both run"
				return
			}
			_ = c.Close()
		}(c)
	}
	wg.Wait()
}

func Flush(conns []*Conn, wg *sync.WaitGroup) {
	defer wg.Done()
	for _, c := range conns {
		_ = c.Close()
	}
	wg.Add(-1) // want "wg.Add\\(-1\\) here and the wg.Done\\(\\) deferred at line 27 both run"
}
