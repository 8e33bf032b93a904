// One Done per Add: deferred, or direct on each path, or a function's own Add/Done pairs.
package safe

import "sync"

type Conn struct{ id int }

func (c *Conn) Close() error { return nil }

func CloseAll(conns []*Conn) {
	var wg sync.WaitGroup
	for _, c := range conns {
		wg.Add(1)
		go func(c *Conn) {
			if c == nil {
				wg.Done()
				return
			}
			_ = c.Close()
			wg.Done()
		}(c)
	}
	wg.Wait()
}

// Two stages counted by one Add(2): two direct Dones on purpose.
func Pipeline(a, b func()) {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		a()
		wg.Done()
		b()
		wg.Done()
	}()
	wg.Wait()
}

func Retry(wg *sync.WaitGroup, try func() bool) {
	defer wg.Done()
	wg.Add(1)
	go func() {
		defer wg.Done()
		for !try() {
		}
	}()
}
