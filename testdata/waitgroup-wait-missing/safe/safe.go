// WaitGroups waited for here, by the caller, or by a closer.
package safe

import "sync"

func Warm(keys []string, load func(string)) {
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func(k string) {
			defer wg.Done()
			load(k)
		}(k)
	}
	wg.Wait()
}

// Start returns the group: the caller waits.
func Start(n int, work func(int)) *sync.WaitGroup {
	wg := new(sync.WaitGroup)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			work(i)
		}(i)
	}
	return wg
}

// Produce closes the results once every producer is done, in a closer goroutine.
func Produce(srcs []func() int) <-chan int {
	out := make(chan int)
	var wg sync.WaitGroup
	for _, s := range srcs {
		wg.Add(1)
		go func(s func() int) {
			defer wg.Done()
			out <- s()
		}(s)
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}

type Server struct{ wg sync.WaitGroup }

func (s *Server) Serve(conns []func()) {
	for _, c := range conns {
		s.wg.Add(1)
		go func(c func()) {
			defer s.wg.Done()
			c()
		}(c)
	}
}
